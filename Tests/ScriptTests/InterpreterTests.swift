import Layers
import Tensors
import Testing

@testable import Script

@Suite("Interpreting")
struct InterpreterTests {
  @Test func referenceDocsExamples() throws {
    let lines = try run("""
      x = np.random.rand(4, 10, 8, 12, 128)
      y = keras.layers.Conv3DTranspose(32, 2, 2, activation='relu')(x)
      print(y.shape)
      y = Conv3DTranspose(32, 2, strides:2)(x)
      model = Sequential()
      model.add(Cropping2D(cropping=((2, 2), (4, 4)), input_shape=(28, 28, 3)))
      model.output_shape
      model.add(Conv2D(64, (3, 3), padding='same'))
      model.add(Cropping2D(cropping=((2, 2), (2, 2))))
      model.output_shape
      conv = paddle.nn.Conv3DTranspose(4, 6, (3, 3, 3))
      y = conv(paddle.rand([2, 4, 8, 8, 8]))
      y.shape
      """)
    #expect(lines == [
      "x: tensor (4, 10, 8, 12, 128) float64", "y: tensor (4, 20, 16, 24, 32) float32", "(4, 20, 16, 24, 32)",
      "y: tensor (4, 20, 16, 24, 32) float32", "model: Sequential, 0 layers → input shape not known yet",
      "(None, 24, 20, 3)", "(None, 20, 16, 64)", "conv: paddle.nn.Conv3DTranspose(4, 6, (3, 3, 3)) · built",
      "y: tensor (2, 6, 10, 10, 10) float32", "(2, 6, 10, 10, 10)",
    ])
  }

  @Test func numbersPrintAsPython() throws {
    #expect(try run("print(1, 2.0, 1e-5, 1e16, 0.1 + 0.2, 7 / 2, 7 // 2, -7 % 3, 2 ** 10, 'hi', None, True)")
      == ["1 2.0 1e-05 1e+16 0.30000000000000004 3.5 3 2 1024 hi None True"])
    #expect(try run("print(float('inf'), -0.0, 123456789012345.0)") == ["inf -0.0 123456789012345.0"])
  }

  @Test func tensorsPrintAsNumPy() throws {
    #expect(try run("seed(0); rand(3)") == ["tensor (3,) float64\n[0.5488 0.7152 0.6028]"])
    #expect(try run("array([[1, 2], [3, 4]]) * 0.5") == ["tensor (2, 2) float64\n[[0.5 1. ]\n [1.5 2. ]]"])
    #expect(try run("set_printoptions(precision=2); array([1/3])") == ["tensor (1,) float64\n[0.33]"])
    #expect(try run("a = np.array([1.5, -2], dtype=np.float32); a > 0, a.sum(), a.dtype") == ["a: tensor (2,) float32", "(array([ True, False]), np.float32(-0.5), dtype('float32'))"])
  }

  @Test func seedMatchesNumPy() throws {
    #expect(try run("np.random.seed(0); np.random.randn(3)") == ["tensor (3,) float64\n[1.7641 0.4002 0.9787]"])
  }

  @Test func indexingAndMethods() throws {
    #expect(try run("a = arange(24).reshape(2, 3, 4); a[1, :, ::-2]") == [
      "a: tensor (2, 3, 4) int64", "tensor (3, 2) int64\n[[15 13]\n [19 17]\n [23 21]]",
    ])
    #expect(try run("a = arange(24).reshape((2, 3, 4)); a[..., 0].shape, a[None].shape, a.T.shape, a.sum(axis=1).shape")
      == ["a: tensor (2, 3, 4) int64", "((2, 3), (1, 2, 3, 4), (4, 3, 2), (2, 4))"])
    #expect(try run("arange(6).max(), arange(6).argmax(), len(zeros(5, 2)), shape(ones((2, 3)))") == ["(np.int64(5), np.int64(5), 5, (2, 3))"])
  }

  @Test func layersModelsAndWeights() throws {
    let lines = try run("""
      l = Conv2D(8, 3)
      l.set_weights([ones((3, 3, 2, 8)), zeros(8)])
      l(ones((1, 4, 4, 2)))[0, 0, 0]
      l.count_params()
      i = Input((28, 28, 3))
      Conv2D(8, 3, strides=2)(i).shape
      """)
    #expect(lines == [
      "l: Conv2D(8, 3) · unbuilt", "tensor (8,) float32\n[18. 18. 18. 18. 18. 18. 18. 18.]", "152",
      "i: symbolic tensor (None, 28, 28, 3)", "(None, 13, 13, 8)",
    ])
  }

  @Test func aFailingStatementChangesNothing() throws {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    for statement in try Parser.parse("x = rand(2, 4, 4, 3); l = Conv2D(8, 3)") { _ = try interpreter.run(statement) }
    let before = interpreter.state
    // Draws random numbers, builds nothing permanent, then fails.
    for source in ["x = rand(5) + rand(6)", "l(rand(1, 2, 2, 3))", "y = l(x) + undefined", "(seed(1), rand(3), bad)"] {
      let statements = try Parser.parse(source)
      try #require(statements.count == 1, "\(source) is one statement")
      #expect(throws: ScriptError.self, "\(source)") { _ = try interpreter.run(statements[0]) }
    }
    #expect(interpreter.state.variables.keys.sorted() == before.variables.keys.sorted())
    var a = interpreter.state.generator, b = before.generator
    #expect(a.nextUInt32() == b.nextUInt32())
    if case .layer(let layer) = interpreter.state.variables["l"]! { #expect(layer.weights.isEmpty) }
  }

  @Test func timeitPrintsAndReturnsTheMedian() throws {
    let lines = try run("t = timeit(Conv2D(4, 3)(rand(1, 8, 8, 2)), repeat: 3)")
    #expect(lines.count == 2)
    #expect(lines[0].hasPrefix("median ") && lines[0].hasSuffix(" · 3 runs") && lines[0].contains(" · min "))
    #expect(lines[1].hasPrefix("t = "))
  }

  @Test func helpAndVars() throws {
    let help = try run("help(Conv3DTranspose)")[0]
    #expect(help.hasPrefix("Conv3DTranspose(filters, kernel_size, strides=(1, 1, 1), padding='valid', data_format=None, output_padding=None"))
    #expect(help.contains("Example:"))
    let table = try run("x = zeros(2, 3); vars()")[1]
    #expect(table.contains("x     tensor  (2, 3)") && table.contains("total tensor memory: 48 B"))
  }

  @Test func showDrawsAHeatmapWithAScale() throws {
    let lines = try run("g = arange(4).reshape(2, 2)\nshow(g)")[1].split(separator: "\n").map(String.init)
    #expect(lines == ["g of (2, 2): 2 × 2", "┌────┐", "│  ░░│", "│▓▓██│", "└────┘", "0.0 ░▒▓█ 3.0"])
    // A conv tensor's spatial plane, reduced by blocks (not sampled) past 32 cells a side.
    let reduced = try run("show(zeros(1, 100, 64, 2))")[0]
    #expect(reduced.hasPrefix("t[0, :, :, 0] of (1, 100, 64, 2) (batch 0, channel 0, channels_last): 100 × 64, each cell the max of a 4 × 2 block"))
  }

  @Test func saveAndLoad() throws {
    let path = "/tmp/convlab-script-\(UInt32.random(in: 0...UInt32.max)).npy"
    #expect(try run("save(arange(3), '\(path)'); load('\(path)') * 2") == ["tensor (3,) int64\n[0 2 4]"])
    #expect(try run("np.save('\(path)', ones(2)); np.load('\(path)')") == ["tensor (2,) float64\n[1. 1.]"])
  }
}

/// One test per kind of runtime error: where the caret goes and what it says.
@Suite("Runtime errors")
struct RuntimeErrorTests {
  @Test func unknownNameSuggests() {
    let error = expectError(Marked("y = ‸Conv2DTransposee(3, 3)"))
    #expect(error?.message == "name 'Conv2DTransposee' is not defined (did you mean 'Conv2DTranspose'?)")
    #expect(error?.rendered(source: "y = Conv2DTransposee(3, 3)") == "y = Conv2DTransposee(3, 3)\n    ^^^^^^^^^^^^^^^^\nerror: name 'Conv2DTransposee' is not defined (did you mean 'Conv2DTranspose'?)")
  }

  @Test func unknownKeywordUnderlinesIt() {
    let error = expectError(Marked("Conv2D(8, 3, ‸stride=2)"))
    #expect(error?.message == "Conv2D: argument `stride`: is not an argument of Conv2D (did you mean `strides`?)")
  }

  @Test func badArgumentValueUnderlinesIt() {
    let error = expectError(Marked("Conv2D(8, 3, ‸padding='full')"))
    #expect(error?.message == "Conv2D: argument `padding`: must be 'valid' or 'same', received padding='full'")
    #expect(expectError(Marked("Conv2D(‸0, 3)"))?.message.contains("strictly positive") == true)
  }

  @Test func layerCallUnderlinesTheCall() {
    let error = expectError(Marked("x = rand(10, 8)\ny = ‸Conv2D(8, 3)(x)"))
    #expect(error?.message == "Conv2D: expects input of rank 4 (batch, rows, cols, channels) with data_format \"channels_last\"; got shape (10, 8)")
  }

  @Test func wrongArgumentType() {
    #expect(expectError(Marked("zeros(‸'a')"))?.message == "zeros() argument 'shape' must be an integer, got str a")
    #expect(expectError(Marked("l = Conv2D(8, 3); l.set_weights(‸5)"))?.message == "set_weights takes a list of tensors")
  }

  @Test func arithmeticErrors() {
    #expect(expectError(Marked("1 / ‸0"))?.message == "division by zero")
    #expect(expectError(Marked("‸2 ** 70"))?.message == "integer overflow: the result does not fit in 64 bits")
    #expect(expectError(Marked("‸rand(2, 3) + rand(4)"))?.message == "operands could not be broadcast together with shapes (2, 3) (4,)")
    #expect(expectError(Marked("‸'a' - 1"))?.message == "unsupported operand types for -: 'str' and 'int'")
  }

  @Test func indexErrors() {
    #expect(expectError(Marked("‸zeros(2, 3)[0, 5]"))?.message == "index 5 is out of bounds for axis 1 with size 3")
    #expect(expectError(Marked("(1, 2)[‸7]"))?.message == "tuple index 7 out of range for length 2")
  }

  @Test func attributeErrorsSuggest() {
    #expect(expectError(Marked("‸np.zerso(3)"))?.message == "module 'numpy' has no attribute 'zerso' (did you mean 'zeros'?)")
    #expect(expectError(Marked("‸rand(2).shap"))?.message == "'tensor' object has no attribute 'shap' (did you mean 'shape'?)")
  }

  @Test func notCallable() {
    #expect(expectError(Marked("‸(3)(4)"))?.message == "'int' object is not callable")
  }

  @Test func hugeTensorsAreRefusedNotAllocated() {
    let message = expectError(Marked("x = ‸zeros(10**15)"))?.message ?? ""
    #expect(message.contains("would need 7.1 PiB") && message.contains("the tensor memory limit is"), "\(message)")
    let layer = expectError(Marked("y = ‸Conv3DTranspose(512, 8, strides=8)(rand(64, 32, 32, 32, 1))"))
    #expect(layer?.message.hasPrefix("Conv3DTranspose: the output of shape (64, 256, 256, 256, 512) would need 2.0 TiB") == true)
  }

  @Test func badImport() {
    #expect(expectError(Marked("‸import tensorflow.compat"))?.message.hasPrefix("no module named 'tensorflow.compat'") == true)
    #expect(expectError(Marked("‸import torchvision"))?.message.hasPrefix("no module named 'torchvision'") == true)
  }
}
