import Tensors
import Testing

@testable import Script

/// Huge, negative, NaN and infinite numbers in every place a number becomes a size, an index,
/// a stride or a count: each is an error with a range inside the statement that says what is
/// wrong, never a trap, and the session keeps its names.
@Suite("Numeric edges")
struct NumericEdgeTests {
  /// Each statement, and words its error must contain.
  static let errors: [(statement: String, words: String)] = [
    // sizes and shape products
    ("zeros(-1)", "must be non-negative"), ("zeros(2**62, 4)", "is too big"),
    ("zeros(10**30)", "integer overflow"), ("zeros(2**31, 2**31, 2**31)", "is too big"),
    ("ones((3, -2))", "must be non-negative"), ("rand(float('nan'))", "must be an integer, got float nan"),
    ("rand(float('inf'))", "must be an integer, got float inf"), ("zeros(1.5)", "must be an integer, got float 1.5"),
    ("arange(1e308)", "too many"), ("arange(0, 1, 1e-300)", "too many"), ("linspace(0, 1, 10**20)", "integer overflow"),
    ("linspace(0, 1, -1)", "must be non-negative"), ("eye(2**40)", "is too big"),
    ("x.reshape(2**62, 4)", "is too big"), ("x.reshape(-1, 0)", "cannot reshape"),
    // indices and slices
    ("x[10**20]", "integer overflow"), ("x[-10**20]", "integer overflow"), ("x[2**63 - 1]", "integer overflow"), ("x[9223372036854775807]", "out of bounds"),
    ("x[-9223372036854775808]", "out of bounds"),
    ("x[::0]", "step cannot be zero"), ("x[0, 0, 0, 0, 0]", "too many indices"),
    ("x[float('nan')]", "only integers, slices"), ("x[1e300]", "only integers, slices"),
    // layer strides, kernels, padding, repeats
    ("Conv2D(4, 3, strides=10**20)(x4)", "integer overflow"), ("Conv2D(4, 3, strides=-1)", "argument `strides`"),
    ("Conv2D(4, 10**20)(x4)", "integer overflow"), ("Conv2D(-4, 3)", "argument `filters`"),
    ("Conv2D(float('nan'), 3)", "argument `filters`"), ("Conv2D(4, 3, dilation_rate=2**62)(x4)", "argument `dilation_rate`"),
    ("Conv2D(4, float('inf'))", "argument `kernel_size`"), ("Conv2DTranspose(4, 3, strides=2**62)(x4)", "argument `strides`"),
    ("Conv2DTranspose(4, 3, strides=2, output_padding=10**20)(x4)", "integer overflow"),
    ("UpSampling2D(size=10**20)(x4)", "integer overflow"), ("UpSampling2D(size=2**31)(x4)", "argument `size`"),
    ("UpSampling2D(size=-2)(x4)", "argument `size`"), ("ZeroPadding2D(2**62)(x4)", "argument `padding`"),
    ("ZeroPadding2D(-1)(x4)", "argument `padding`"), ("Cropping2D(2**62)(x4)", "argument `cropping`"),
    ("DepthwiseConv2D(3, depth_multiplier=2**62)(x4)", "argument `depth_multiplier`"),
    ("paddle.nn.Conv3DTranspose(2, 3, 3, stride=2**62)(rand(1, 2, 3, 3, 3))", "argument `stride`"),
    ("Conv2D(4, 3, groups=0)(x4)", "argument `groups`"),
    // counts and conversions
    ("int(float('inf'))", "cannot convert inf"), ("int(float('nan'))", "cannot convert nan"),
    ("10**20 * 10**20", "integer overflow"), ("2**64", "integer overflow"), ("-(2**63) // -1", "integer overflow"),
    ("(2**63 - 1) + 1", "integer overflow"), ("range(10**20)", "integer overflow"),
    ("set_printoptions(precision=10**20)", "integer overflow"), ("set_printoptions(threshold=-1)", "threshold"),
    ("seed(-1)", "between 0 and 2**32 - 1"), ("seed(2**40)", "between 0 and 2**32 - 1"),
  ]

  /// Edges that Python answers with a value, and so must convlab.
  static let values: [(statement: String, printed: String)] = [
    ("len(range(-5))", "0"), ("-9223372036854775808", "-9223372036854775808"), ("-9223372036854775808 % -1", "0"),
  ]

  static func session() throws -> Interpreter {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    for setup in try Parser.parse("x = arange(24).reshape(2, 3, 4)\nx4 = rand(1, 6, 6, 2)") { _ = try interpreter.run(setup) }
    return interpreter
  }

  @Test(arguments: errors)
  func isAnErrorThatSaysWhy(_ statement: String, _ words: String) throws {
    var interpreter = try Self.session()
    let before = interpreter.state.variables.keys.sorted()
    do {
      for parsed in try Parser.parse(statement) { _ = try interpreter.run(parsed) }
      Issue.record("\(statement) ran; it must be an error")
    } catch {
      #expect(error.message.contains(words), "\(statement): \(error.message)")
      #expect(error.range.start >= 0 && error.range.end <= statement.utf8.count, "\(statement): \(error.range)")
      #expect(interpreter.state.variables.keys.sorted() == before)
    }
  }

  @Test(arguments: values)
  func isAValue(_ statement: String, _ printed: String) throws {
    var interpreter = try Self.session()
    let lines = try Parser.parse(statement).flatMap { try interpreter.run($0).lines }
    #expect(lines == [printed])
  }
}
