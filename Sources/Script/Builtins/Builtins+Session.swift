import Arrays
import Layers
import Tensors

// The session: models, printing of names, limits, help, the frameworks' mode switches.
extension Builtin {
  static let session: [Builtin] = [
    Builtin(["Input", "keras.Input", "keras.layers.Input"], "Input(shape, batch_size=None, name=None, dtype=None, batch_shape=None)", "a symbolic tensor: one sample's shape, batch unknown", example: "i = Input((28, 28, 3)); Conv2D(8, 3)(i)") { _, a throws(ScriptError) in
      let found = try a.value(0, "shape")
      let shape = try Conversions.partialShape(found.value, what: "Input() shape", range: found.range)
      let batch = a.has(1, "batch_size") ? try a.int(1, "batch_size") : nil
      return .symbolic(.input(shape, batchSize: batch))
    },
    Builtin(["Sequential", "keras.Sequential", "keras.models.Sequential"], "Sequential(layers=None, name=None)", "a model applying layers in order; .add(layer), .layers, .output_shape, .summary()", example: "model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 3)), UpSampling2D(2)])") { interpreter, a throws(ScriptError) in
      var model = Sequential(name: interpreter.state.namer.name(for: "sequential"))
      if a.has(1, "name") { model.name = try a.string(1, "name") }
      if let found = a.find(0, "layers"), !found.value.isNone {
        for item in found.value.items ?? [found.value] { try interpreter.add(item, to: &model, range: found.range) }
      }
      return .model(model)
    },
    Builtin(["summary"], "summary(model, line_length=None)", "Keras's table of layers, output shapes and parameters, with Mult-Adds", example: "summary(Sequential([Conv2D(8, 3, input_shape=(28, 28, 3))]))") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "model")
      interpreter.output.append(try interpreter.summaryText(found.value, lineLength: try a.optionalInt(1, "line_length", default: nil), range: found.range))
      return .none
    },
    Builtin(["set_image_data_format", "keras.backend.set_image_data_format"], "set_image_data_format(data_format)", "the default data_format of new layers: 'channels_last' or 'channels_first'", example: "set_image_data_format('channels_first')") { interpreter, a throws(ScriptError) in
      let text = try a.string(0, "data_format")
      guard let format = DataFormat(rawValue: text) else {
        throw ScriptError(.runtime, "data_format must be 'channels_last' or 'channels_first', got '\(text)'", at: a.find(0, "data_format")?.range ?? a.range)
      }
      interpreter.state.dataFormat = format
      return .none
    },
    Builtin(["help"], "help(thing=None)", "this help: layers, functions, modules, values", example: "help(Conv3DTranspose)") { interpreter, a throws(ScriptError) in
      let text = Help.text(for: a.positional.first?.value, interpreter: interpreter)
      interpreter.output.append(text)
      interpreter.panel = .help(text)
      return .none
    },
    Builtin(["vars"], "vars()", "a table of the session's names with kinds, shapes and bytes", example: "x = np.zeros((2, 3)); vars()") { interpreter, _ throws(ScriptError) in
      interpreter.output.append(interpreter.variablesTable())
      return .none
    },
    Builtin(["set_limits"], "set_limits(memory)", "the tensor memory limit (default: half of physical memory); a statement whose tensors would pass it is refused before allocating", example: "set_limits(memory=\"8G\")") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "memory")
      let bytes: Int?
      switch found.value {
      case .string(let text): bytes = MemoryLimit.parse(text)
      case .int(let value): bytes = value > 0 ? value : nil
      default: bytes = nil
      }
      guard let bytes, bytes > 0 else {
        throw ScriptError(.runtime, "set_limits(): memory is a size such as \"8G\", \"512M\" or a number of bytes", at: found.range)
      }
      // The session's own limit (replayed, undone and saved with it), in force from the next statement.
      interpreter.state.memoryLimit = bytes
      interpreter.output.append("tensor memory limit: \(MemoryLimit.describe(bytes)) (\(MemoryLimit.describe(MemoryLimit.inUse)) in use)")
      return .none
    },
    Builtin(["paddle.disable_static"], "disable_static(place=None)", "Paddle's dynamic-graph mode, which convlab is always in (as Paddle 2 starts)", example: "paddle.disable_static()") { _, _ throws(ScriptError) in
      .none
    },
  ]
}
