# frozen_string_literal: true

require_relative "test_helper"
require "open3"
require "rbconfig"

# Brownfield::JSON.mimic! changes the JSON module for the whole process, so
# it runs in a child Ruby process (test/mimic_child.rb), which asserts and
# prints "mimic OK" at the end.
class MimicTest < Minitest::Test
  def test_mimic_in_a_separate_process
    lib = File.expand_path("../lib", __dir__)
    child = File.expand_path("mimic_child.rb", __dir__)
    out, err, status = Open3.capture3(RbConfig.ruby, "-I", lib, child)
    assert status.success?, "child failed:\n#{out}\n#{err}"
    assert_equal "mimic OK\n", out.lines.last
  end

  def test_this_process_is_not_mimicking
    refute Brownfield::JSON.mimicking?
    refute_includes ::JSON.singleton_class.ancestors, Brownfield::JSON::Mimic::JSONMethods
  end
end
