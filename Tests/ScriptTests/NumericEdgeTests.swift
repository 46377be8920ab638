import Tensors
import Testing

@testable import Script

/// Huge, negative, NaN and infinite numbers in every place a number becomes a size, an index,
/// a stride or a count: each is an error with a range, never a trap.
@Suite("Numeric edges")
struct NumericEdgeTests {
  static let statements = [
    // sizes and shape products
    "zeros(-1)", "zeros(2**62, 4)", "zeros(10**30)", "zeros(2**31, 2**31, 2**31)", "ones((3, -2))", "rand(float('nan'))",
    "rand(float('inf'))", "zeros(1.5)", "arange(1e308)", "arange(0, 1, 1e-300)", "linspace(0, 1, 10**20)",
    "linspace(0, 1, -1)", "eye(2**40)", "x.reshape(2**62, 4)", "x.reshape(-1, 0)",
    // indices and slices
    "x[10**20]", "x[-10**20]", "x[2**63 - 1]", "x[::0]", "x[0, 0, 0, 0, 0]", "x[float('nan')]", "x[1e300]",
    // layer strides, kernels, padding, repeats
    "Conv2D(4, 3, strides=10**20)(x4)", "Conv2D(4, 3, strides=-1)", "Conv2D(4, 10**20)(x4)", "Conv2D(-4, 3)",
    "Conv2D(float('nan'), 3)", "Conv2D(4, 3, dilation_rate=2**62)(x4)", "Conv2D(4, float('inf'))",
    "Conv2DTranspose(4, 3, strides=2**62)(x4)", "Conv2DTranspose(4, 3, strides=2, output_padding=10**20)(x4)",
    "UpSampling2D(size=10**20)(x4)", "UpSampling2D(size=2**31)(x4)", "UpSampling2D(size=-2)(x4)",
    "ZeroPadding2D(2**62)(x4)", "ZeroPadding2D(-1)(x4)", "Cropping2D(2**62)(x4)", "DepthwiseConv2D(3, depth_multiplier=2**62)(x4)",
    "paddle.nn.Conv3DTranspose(2, 3, 3, stride=2**62)(rand(1, 2, 3, 3, 3))",
    "Conv2D(4, 3, groups=0)(x4)",
    // counts and conversions
    "x.repeat(10**20)", "x.repeat(-1)", "int(float('inf'))", "int(float('nan'))", "Int(1e300)", "int('1e999')",
    "10**20 * 10**20", "2**64", "-(2**63) // -1", "(2**63 - 1) + 1", "1 << 64", "range(10**20)", "len(range(-5))",
    "set_printoptions(precision=10**20)", "set_printoptions(threshold=-1)", "seed(-1)", "seed(2**40)",
  ]

  @Test(arguments: statements)
  func neverTraps(_ statement: String) throws {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    for setup in try Parser.parse("x = arange(24).reshape(2, 3, 4)\nx4 = rand(1, 6, 6, 2)") { _ = try interpreter.run(setup) }
    let before = interpreter.state.variables.keys.sorted()
    do {
      for parsed in try Parser.parse(statement) { _ = try interpreter.run(parsed) }
    } catch {
      #expect(error.range.end <= statement.utf8.count, "\(statement): \(error.message)")
      #expect(interpreter.state.variables.keys.sorted() == before)
    }
  }
}
