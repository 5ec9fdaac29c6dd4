# frozen_string_literal: true

# brownfield: a Rust performance core for the hot paths of legacy apps.
#
#   require "brownfield"
#   Brownfield::JSON.parse('{"a": [1, 2.5, null]}')  # => {"a"=>[1, 2.5, nil]}
#   Brownfield::JSON.generate({"a" => [1, 2.5, nil]}) # => "{\"a\":[1,2.5,null]}"
#
#   Brownfield::Logs.query("requests.ndjson", by: ["status"], agg: ["count"]).to_a
#   # => [{"status"=>200, "count"=>812345}, ...]
#
# See Brownfield::JSON and Brownfield::Logs.
module Brownfield
end

require_relative "brownfield/version"
require_relative "brownfield/json"
require_relative "brownfield/logs"
# The extension; its Init function defines Brownfield::JSON::Native and
# Brownfield::Logs::Native, so both modules must exist first.
require "brownfield/brownfield"
