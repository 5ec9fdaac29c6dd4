# frozen_string_literal: true

module Brownfield
  # The gem's version; the same as the Rust workspace's.
  VERSION = "0.1.0"
end
