import Layers

/// `help(thing)`: the signature, the arguments with defaults and meanings, and an example.
enum Help {
  struct Entry {
    var signature: String
    var summary: String
    var example: String?
  }

  static let functions: [String: Entry] = [
    "rand": Entry(signature: "rand(*shape)", summary: "uniform samples in [0, 1), as np.random.rand", example: "x = rand(2, 8, 8, 3)"),
    "randn": Entry(signature: "randn(*shape)", summary: "standard normal samples, as np.random.randn", example: "x = randn(4, 16)"),
    "zeros": Entry(signature: "zeros(shape)", summary: "a tensor of zeros; shape as ints or a tuple", example: "z = zeros((2, 3))"),
    "ones": Entry(signature: "ones(shape)", summary: "a tensor of ones", example: "o = ones(2, 3)"),
    "full": Entry(signature: "full(shape, fill_value)", summary: "a tensor filled with one value", example: "f = full((2, 2), 7)"),
    "arange": Entry(signature: "arange([start,] stop[, step])", summary: "evenly spaced values in [start, stop)", example: "a = arange(12).reshape(3, 4)"),
    "linspace": Entry(signature: "linspace(start, stop, num=50, endpoint=True)", summary: "num evenly spaced values", example: "l = linspace(0, 1, 5)"),
    "eye": Entry(signature: "eye(N, M=None, k=0)", summary: "ones on a diagonal", example: "i = eye(3)"),
    "array": Entry(signature: "array(data)", summary: "a tensor from nested lists of numbers", example: "a = array([[1, 2], [3, 4]])"),
    "seed": Entry(signature: "seed(n)", summary: "restart the random generator (NumPy's legacy MT19937: same numbers as np.random.seed)", example: "seed(0); rand(3)"),
    "load": Entry(signature: "load(path)", summary: "read a .npy file (any numeric dtype, converted to float32)", example: "k = load(\"k.npy\")"),
    "save": Entry(signature: "save(t, path)", summary: "write a tensor as float32 .npy, atomically", example: "save(y, \"y.npy\")"),
    "print": Entry(signature: "print(*values, sep=' ', end='\\n')", summary: "print values as Python does", example: "print(y.shape)"),
    "shape": Entry(signature: "shape(x)", summary: "the shape of a tensor or Input, as a tuple", example: "shape(x)"),
    "len": Entry(signature: "len(x)", summary: "the first extent of a tensor, or a sequence's length", example: "len(x)"),
    "Input": Entry(signature: "Input(shape, batch_size=None)", summary: "a symbolic tensor: one sample's shape, batch unknown", example: "i = Input((28, 28, 3)); Conv2D(8, 3)(i)"),
    "Sequential": Entry(signature: "Sequential(layers=None, name=None)", summary: "a model applying layers in order; .add(layer), .output_shape, .summary()", example: "model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 3)), UpSampling2D(2)])"),
    "summary": Entry(signature: "summary(model_or_layer)", summary: "Keras's table of layers, output shapes and parameters, with Mult-Adds", example: "summary(model)"),
    "set_printoptions": Entry(signature: "set_printoptions(precision=4, threshold=1000, edgeitems=3, linewidth=75, suppress=False, floatmode='maxprec')", summary: "how tensors print, as np.set_printoptions", example: "set_printoptions(precision=2)"),
    "set_image_data_format": Entry(signature: "set_image_data_format(data_format)", summary: "the default data_format of new layers: 'channels_last' or 'channels_first'", example: "set_image_data_format('channels_first')"),
    "help": Entry(signature: "help(thing)", summary: "this help: layers, functions, modules", example: "help(Conv3DTranspose)"),
    "set_limits": Entry(signature: "set_limits(memory)", summary: "the tensor memory limit (default: half of physical memory); a statement whose tensors would pass it is refused before allocating", example: "set_limits(memory=\"8G\")"),
    "vars": Entry(signature: "vars()", summary: "a table of the session's names with kinds, shapes and bytes", example: "vars()"),
    "timeit": Entry(signature: "timeit(expr, repeat=7)", summary: "run expr once to warm up, then repeat times; prints median, min and max, returns the median in seconds", example: "timeit(Conv2D(64, 3)(x), repeat=5)"),
    "memit": Entry(signature: "memit(expr)", summary: "peak resident memory while expr runs, and how far it rose: the result's bytes plus the working memory the computation needed (Linux); returns the working bytes", example: "memit(Conv2D(64, 3, padding='same')(x))"),
    "show": Entry(signature: "show(t)", summary: "a heatmap of t's first 2-D slice (index 0 on the leading axes), with a scale bar", example: "show(Conv2D(1, 3)(rand(1, 16, 16, 1))[0, :, :, 0])"),
    "explain": Entry(signature: "explain(layer, input)", summary: "the arithmetic behind the output shape: each axis's rule with the numbers put in, channels, parameters, mult-adds; a Sequential model is walked layer by layer with receptive field and jump. input: a tensor, an Input or a shape tuple", example: "explain(Conv3DTranspose(32, 2, strides=2), (4, 10, 8, 12, 128))"),
    "diagram": Entry(signature: "diagram(layer, input, at=(i, j))", summary: "the guide's picture in text: the input grid (· padding, ∘ inserted zeros, ╌ dilation gaps) with the cells output at reads labelled by kernel tap, the output grid with at marked, and the sum written out; transposed layers get the scatter and the direct view. 1-D and 2-D; 3-D draws the rows × cols plane", example: "diagram(Conv2D(1, 3, strides=2, padding='same'), (1, 5, 5, 1), at=(1, 2))"),
    "animate": Entry(signature: "animate(layer, input)", summary: "diagram at every output position in turn: → and ← step, Space plays and pauses, q leaves; convlab run prints the first, middle and last frames", example: "animate(Conv2DTranspose(1, 3, strides=2), (1, 3, 3, 1))"),
    "concatenate": Entry(signature: "concatenate(tensors, axis=0)", summary: "join tensors along an existing axis", example: nil),
    "stack": Entry(signature: "stack(tensors, axis=0)", summary: "join equal-shaped tensors along a new axis", example: nil),
    "allclose": Entry(signature: "allclose(a, b, rtol=1e-05, atol=1e-08)", summary: "whether |a − b| ≤ atol + rtol·|b| everywhere", example: nil),
  ]

  static func text(for value: Value?, interpreter: Interpreter) -> String {
    guard let value else {
      return """
        convlab: type statements in a small Python-flavoured language.
          x = rand(4, 10, 8, 12, 128)
          y = Conv3DTranspose(32, 2, strides: 2)(x)
          y.shape
        help(name) for a layer or function · vars() for your names · layers: \(LayerCatalog.names.count) (see help(keras.layers))
        REPL commands: :save PATH, :load PATH, :history, :vars, :undo, :reset, :help, :quit
        """
    }
    switch value {
    case .layerClass(let name):
      guard let signature = LayerCatalog.signature(name) else { return "no help for \(name)" }
      return layerHelp(signature)
    case .layer(let layer):
      guard let signature = LayerCatalog.signature(layer.typeName) else { return layer.declaration }
      return "\(layer.name): \(layer.declaration)\n\n" + layerHelp(signature)
    case .function(let name):
      let key = name.hasPrefix("numpy.") ? String(name.split(separator: ".").last!) : name
      let short = key.hasPrefix("activations.") ? String(key.dropFirst(12)) : key
      if key.hasPrefix("activations.") {
        return "\(short)(x)\n  Keras's \(short) activation, element-wise\(short == "softmax" ? " (softmax: over the last axis)" : "")"
      }
      guard let entry = functions[key] ?? functions[short] else { return "\(name)(…): a builtin function" }
      return "\(entry.signature)\n  \(entry.summary)" + (entry.example.map { "\n\nExample:\n  \($0)" } ?? "")
    case .namespace(let module):
      return "module \(module):\n  " + Builtins.members(of: module).joined(separator: ", ")
    default:
      var lines = ["\(value.kindName)"]
      let methods = Methods.names(for: value), attributes = Methods.attributes(for: value)
      if !attributes.isEmpty { lines.append("  attributes: " + attributes.joined(separator: ", ")) }
      if !methods.isEmpty { lines.append("  methods: " + methods.joined(separator: ", ")) }
      return lines.joined(separator: "\n")
    }
  }

  static func layerHelp(_ signature: LayerSignature) -> String {
    var lines = [signature.signatureLine, "  \(signature.summary)", ""]
    let width = signature.parameters.map { $0.name.count }.max() ?? 0
    for parameter in signature.parameters {
      let fallback = parameter.defaultValue.map { "= \($0)" } ?? "(required)"
      lines.append("  \(parameter.name.padding(width)) \(fallback)\n      \(parameter.summary)")
    }
    lines.append("\nExample:\n" + signature.example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
    return lines.joined(separator: "\n")
  }
}

extension String {
  func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
