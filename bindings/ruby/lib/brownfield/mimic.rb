# frozen_string_literal: true

module Brownfield
  module JSON
    # The modules +Brownfield::JSON.mimic!+ prepends to +::JSON+ and to the
    # core classes. Each method checks +Brownfield::JSON.mimicking?+ first
    # and otherwise calls the json gem's own method (+super+), which is what
    # makes +unmimic!+ possible.
    module Mimic
      # The classes whose +to_json+ +mimic!+ routes to brownfield.
      TO_JSON_CLASSES = [::Hash, ::Array, ::String, ::Integer, ::Float, ::Symbol,
                         ::NilClass, ::TrueClass, ::FalseClass].freeze

      # Prepended to +::JSON+'s singleton class.
      module JSONMethods
        # +JSON.parse+ through Brownfield::JSON.parse.
        def parse(source, opts = nil, **kw)
          return super unless Brownfield::JSON.mimicking?

          Brownfield::JSON.parse(source, opts, **kw)
        end

        # +JSON.parse!+ through Brownfield::JSON.parse!.
        def parse!(source, opts = nil, **kw)
          return super unless Brownfield::JSON.mimicking?

          Brownfield::JSON.parse!(source, opts, **kw)
        end

        # +JSON.generate+ through Brownfield::JSON.generate.
        def generate(obj, opts = nil)
          return super unless Brownfield::JSON.mimicking?

          Brownfield::JSON.generate(obj, opts)
        end

        # +JSON.unparse+ (an alias of +generate+).
        def unparse(obj, opts = nil)
          return super unless Brownfield::JSON.mimicking?

          Brownfield::JSON.generate(obj, opts)
        end

        # +JSON.fast_generate+: the same output as +generate+ without the
        # nesting check in json; here +generate+ with the default limit
        # lifted.
        def fast_generate(obj, opts = nil)
          return super unless Brownfield::JSON.mimicking?

          Brownfield::JSON.fast_generate(obj, opts)
        end

        # +JSON.pretty_generate+ through Brownfield::JSON.pretty_generate.
        def pretty_generate(obj, opts = nil)
          return super unless Brownfield::JSON.mimicking?

          Brownfield::JSON.pretty_generate(obj, opts)
        end

        # +JSON.dump+ through Brownfield::JSON.dump.
        def dump(obj, io = nil, limit = nil)
          return super unless Brownfield::JSON.mimicking?

          Brownfield::JSON.dump(obj, io, limit)
        end

        # +JSON.load+ through Brownfield::JSON.load.
        def load(source, proc = nil, options = {})
          return super unless Brownfield::JSON.mimicking?

          Brownfield::JSON.load(source, proc, options)
        end
      end

      # Prepended to the core classes: +obj.to_json+ and
      # +obj.to_json(opts_hash)+ go through Brownfield::JSON.generate. With
      # a +JSON::State+ (a call from inside a generator, which tracks the
      # depth), the json gem's method runs, exactly as before.
      module ToJson
        # @param state [Hash, JSON::State, nil]
        # @return [String]
        def to_json(state = nil, *args)
          return super if !Brownfield::JSON.mimicking? || !(state.nil? || state.is_a?(::Hash)) || !args.empty?

          Brownfield::JSON.generate(self, state)
        end
      end
    end
  end
end
