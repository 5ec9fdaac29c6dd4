# frozen_string_literal: true

# brownfield: a Rust performance core for the hot paths of legacy apps.
#
#   require "brownfield"
#   Brownfield::JSON.parse('{"a": [1, 2.5, null]}')  # => {"a"=>[1, 2.5, nil]}
#   Brownfield::JSON.generate({"a" => [1, 2.5, nil]}) # => "{\"a\":[1,2.5,null]}"
#
# See Brownfield::JSON.
module Brownfield
end

require_relative "brownfield/version"
require_relative "brownfield/json"
