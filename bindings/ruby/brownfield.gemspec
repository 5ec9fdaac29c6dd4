# frozen_string_literal: true

require_relative "lib/brownfield/version"

# When built from the repository, the Rust core (crates/brownfield) lives
# outside this directory, so `gem build` first vendors it into
# vendor/ (gitignored): its sources, its Cargo.toml with the
# workspace-inherited fields filled in, the workspace's release profile and
# Cargo.lock. ext/brownfield/extconf.rb builds against that copy when the gem
# is installed outside the repository.
module BrownfieldVendor
  module_function

  # The `[name]` section of a TOML file, as text without its header.
  def section(toml, name)
    toml[/^\[#{Regexp.escape(name)}\]\n(.*?)(?=^\[|\z)/m, 1] || ""
  end

  def vendor!(ruby_dir)
    repo = File.expand_path("../..", ruby_dir)
    core = File.join(repo, "crates", "brownfield")
    return unless File.file?(File.join(core, "Cargo.toml")) && File.file?(File.join(repo, "Cargo.toml"))

    require "fileutils"
    vendor = File.join(ruby_dir, "vendor")
    FileUtils.rm_rf(vendor)
    FileUtils.mkdir_p(File.join(vendor, "brownfield"))
    FileUtils.cp_r(File.join(core, "src"), File.join(vendor, "brownfield"))
    root = File.read(File.join(repo, "Cargo.toml"))
    workspace_package = section(root, "workspace.package").scan(/^([\w-]+) = (.*)$/).to_h
    toml = File.read(File.join(core, "Cargo.toml"))
    toml = toml.sub(/^\[dev-dependencies\]\n.*?(?=^\[|\z)/m, "")
    toml = toml.gsub(/^([\w-]+)\.workspace = true$/) do
      key = Regexp.last_match(1)
      "#{key} = #{workspace_package.fetch(key)}"
    end
    File.write(File.join(vendor, "brownfield", "Cargo.toml"), toml)
    File.write(File.join(vendor, "Cargo.profile.toml"), "[profile.release]\n#{section(root, 'profile.release')}")
    lock = File.join(repo, "Cargo.lock")
    FileUtils.cp(lock, File.join(vendor, "Cargo.lock")) if File.file?(lock)
  end
end

BrownfieldVendor.vendor!(__dir__)

Gem::Specification.new do |spec|
  spec.name = "brownfield"
  spec.version = Brownfield::VERSION
  spec.summary = "Fast JSON.parse / JSON.generate replacement backed by the brownfield Rust core"
  spec.description = "Brownfield::JSON parses and generates JSON with a Rust core (simd-json), " \
                     "returning the same objects and bytes as Ruby's JSON, with typed errors."
  spec.authors = ["brownfield developers"]
  spec.licenses = ["MIT", "Apache-2.0"]
  spec.homepage = "https://example.invalid/brownfield"
  spec.required_ruby_version = ">= 3.0"
  spec.extensions = ["ext/brownfield/extconf.rb"]
  spec.require_paths = ["lib"]
  Dir.chdir(__dir__) do
    spec.files = Dir["lib/**/*.rb", "sig/**/*.rbs", "README.md", "Rakefile", "brownfield.gemspec",
                     "ext/brownfield/extconf.rb", "ext/brownfield/Cargo.toml", "ext/brownfield/src/**/*.rs",
                     "vendor/**/*"].select { |f| File.file?(f) }
  end
end
