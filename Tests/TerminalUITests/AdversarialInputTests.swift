import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// One statement as an adversary writes it: each ran as `convlab run` in a process of its own,
/// with a tensor limit of 100 MiB, 4 GiB of address space and 30 seconds, and must end in an
/// error that says why — never a crash, a hang, or memory past the limit.
struct HostileInput: Sendable, CustomTestStringConvertible {
  var name: String
  var source: String
  /// Words the error must say.
  var words: [String]
  var testDescription: String { name }
}

/// 2⁶³ − 1.
private let M = "9223372036854775807"

@Suite("No input crashes, hangs or escapes the memory limit")
struct AdversarialInputTests {
  static let inputs: [HostileInput] = [
    // Stack overflow: None indexing past the rank limit, printing recursing per axis.
    HostileInput(
      name: "40,000 new axes", source: "rand(1)[" + Array(repeating: "None", count: 40_000).joined(separator: ", ") + "]",
      words: ["at most 8 axes"]),
    // Overflow traps: sizes near 2⁶³ into shapes, layers, explain, models, concatenate.
    HostileInput(name: "zeros with a huge axis", source: "zeros((0, \(M), 1))", words: ["too big"]),
    HostileInput(name: "sum over a huge zero-size tensor", source: "z = zeros((0, \(M))); z.sum(axis=0)", words: ["too big"]),
    HostileInput(name: "Input with a huge axis, upsampled", source: "UpSampling1D(2)(Input((\(M), 1)))", words: ["too big", "steps"]),
    HostileInput(
      name: "Input with a huge axis, padded 'same'", source: "Conv1D(2, 3, padding='same')(Input((\(M), 1)))",
      words: ["too big", "steps"]),
    HostileInput(name: "padding a huge axis", source: "ZeroPadding1D(1)(Input((\(M), 1)))", words: ["too big"]),
    HostileInput(
      name: "a model's output shape", source: "Sequential([Input((\(M), 1)), ZeroPadding1D(1)]).output_shape",
      words: ["too big"]),
    HostileInput(
      name: "concatenate to a huge axis", source: "z = zeros((0, 2**60, 1))\nconcatenate([z, z, z, z], axis=1)",
      words: ["too big"]),
    HostileInput(name: "ZeroPadding2D(2³¹ − 1)", source: "ZeroPadding2D(2147483647)(rand(1, 2, 2, 1))", words: ["too big"]),
    HostileInput(name: "UpSampling3D(2³¹ − 1)", source: "UpSampling3D(2147483647)(rand(1, 1, 1, 1, 1))", words: ["too big"]),
    HostileInput(
      name: "a kernel of 2³¹ − 1, 'same'", source: "Conv2D(2, 2147483647, padding='same')(rand(1, 2, 2, 1))",
      words: ["kernel weight", "too big"]),
    // Allocations past the limit: a reduction's result, the teaching pictures.
    HostileInput(name: "a huge mean", source: "zeros((0, 2**40)).mean(axis=0)", words: ["would need", "memory limit"]),
    HostileInput(name: "a huge sum", source: "zeros((0, 300000000)).sum(axis=0)", words: ["would need", "memory limit"]),
    HostileInput(
      name: "diagram of an upsampling by 2³¹ − 1", source: "diagram(UpSampling2D((2, 2147483647)), (1, 1, 1, 1), at: (0, 0))",
      words: ["diagram draws up to"]),
    HostileInput(
      name: "diagram of a kernel of 2³¹ − 1", source: "diagram(Conv1D(1, 2147483647, padding='same'), (1, 4, 1), at: (0,))",
      words: ["diagram draws up to"]),
    HostileInput(
      name: "animate with a stride of 2³¹ − 1", source: "animate(Conv1DTranspose(1, 3, strides=2147483647), (1, 2, 1))",
      words: ["diagram draws up to"]),
    HostileInput(
      name: "explain with a kernel and stride of 2³¹ − 1",
      source: "explain(Conv2DTranspose(1, 2147483647, strides=2147483647), (1, 2, 2, 1))", words: ["too big"]),
    // Small tensors count too.
    HostileInput(
      name: "many small tensors",
      source: "set_limits(memory='1M')\n" + (0..<20).map { "a\($0) = zeros(60000)" }.joined(separator: "\n"),
      words: ["already in use", "limit is 1.0 MiB"]),
    // Errors that say what is wrong, once.
    HostileInput(name: "one prefix", source: "arange(0, 1, 0)", words: ["arange(): step must not be zero"]),
    HostileInput(name: "an invalid escape", source: "'\\q'", words: ["invalid escape sequence '\\q'"]),
    HostileInput(name: "save to nothing", source: "save(ones(2), '')", words: ["not a file name"]),
    HostileInput(name: "save to a folder", source: "save(ones(2), '/')", words: ["not a file name"]),
  ]

  static func run(_ source: String, seconds: Double = 30) throws -> BoundedRun {
    let file = try makeTemporaryDirectory("convlab-hostile") + "/input.conv"
    try source.write(toFile: file, atomically: true, encoding: .utf8)
    return try runBounded(Tmux.binary, arguments: ["run", "--max-memory", "100M", file], seconds: seconds)
  }

  @Test(arguments: inputs)
  func isAnErrorNotACrash(_ input: HostileInput) throws {
    let result = try Self.run(input.source)
    #expect(!result.timedOut, "still running after 30 s")
    #expect(result.signal == nil, "ended by signal \(result.signal ?? 0):\n\(result.output.suffix(1500))")
    #expect(result.exitCode == 1, "exit \(result.exitCode):\n\(result.output.suffix(1500))")
    for word in input.words { #expect(result.output.contains(word), "\(word):\n\(result.output.suffix(1500))") }
  }

  @Test func devicesAndFIFOsAreNotRead() throws {
    let directory = try makeTemporaryDirectory("convlab-fifo")
    let fifo = directory + "/weights.npy"
    try #require(mkfifo(fifo, 0o600) == 0)
    let loaded = try Self.run("load('\(fifo)')", seconds: 10)
    #expect(!loaded.timedOut && loaded.exitCode == 1 && loaded.output.contains("not a regular file"), "\(loaded.output)")
    for device in ["/dev/zero", "/dev/urandom"] {
      let result = try runBounded(Tmux.binary, arguments: ["run", device], seconds: 10)
      #expect(!result.timedOut && result.exitCode == 1 && result.output.contains("not a regular file"), "\(result.output)")
    }
    let plain = try runBounded(Tmux.binary, arguments: ["--plain", "/dev/zero"], seconds: 10)
    #expect(!plain.timedOut && plain.output.contains("not a regular file"), "\(plain.output)")
    try ":load /dev/zero\nx = 1\nx\n".write(toFile: directory + "/in.conv", atomically: true, encoding: .utf8)
    let load = try runBounded(Tmux.binary, arguments: ["--plain"], seconds: 10, input: directory + "/in.conv")
    #expect(!load.timedOut && load.output.contains("not a regular file") && load.output.hasSuffix("1\n"), "\(load.output)")
  }

  /// Linear time on big inputs (debug builds: generous bounds, the release build is ~10× faster).
  @Test func bigInputsTakeLinearTime() throws {
    let flat = "x = " + Array(repeating: "1", count: 7_500).joined(separator: "+")  // 15 KB
    let chain = try Self.run(flat + "\nx")
    #expect(chain.exitCode == 0 && chain.output.hasSuffix("7500\n") && chain.seconds < 5, "\(chain.seconds) s")
    let continued = "x = (1,\n" + String(repeating: "1,\n", count: 10_000) + ")\nlen(x)"
    let lines = try Self.run(continued)
    #expect(lines.exitCode == 0 && lines.output.hasSuffix("10001\n") && lines.seconds < 5, "\(lines.seconds) s")
    let directory = try makeTemporaryDirectory("convlab-plain-long")
    try continued.write(toFile: directory + "/in.conv", atomically: true, encoding: .utf8)
    let piped = try runBounded(Tmux.binary, arguments: ["--plain"], seconds: 30, input: directory + "/in.conv")
    #expect(piped.output.hasSuffix("10001\n") && piped.seconds < 5, "\(piped.seconds) s: \(piped.output.suffix(200))")
    let keywords = "f = Conv2D(" + (0..<100_000).map { "a\($0)=1" }.joined(separator: ", ") + ")"
    let call = try Self.run(keywords)
    #expect(call.exitCode == 1 && call.output.contains("is not an argument of Conv2D") && call.seconds < 20, "\(call.seconds) s")
    #expect(call.output.count < 2_000, "the error shows a window of the 1 MB line, not all of it")
  }

  /// explain shows where the arithmetic breaks instead of failing: that is its lesson.
  @Test func explainShowsTheAxisThatIsTooBig() throws {
    let result = try Self.run("explain(ZeroPadding1D(1), (1, \(M), 1))")
    #expect(result.exitCode == 0 && result.output.contains("✗") && result.output.contains("too big"), "\(result.output)")
  }

  @Test func aNegativeMemoryLimitIsRefusedClearly() throws {
    let result = try runBounded(Tmux.binary, arguments: ["--max-memory", "-1"], seconds: 10)
    #expect(result.exitCode != 0 && result.output.contains("--max-memory takes a positive size"), "\(result.output)")
  }

  @Test func aByteOrderMarkIsSkipped() throws {
    let result = try Self.run("\u{FEFF}x = 1")
    #expect(result.exitCode == 0 && result.output == "x = 1\n", "\(result.output)")
  }
}
