import Arrays
import Foundation
import TestSupport
import Testing

@testable import Script

/// PyTorch's front doors as pasted code meets them: imports, torch's tensors and random stream,
/// torch.nn.functional against PyTorch (layers/torch.json from make_torch_fixtures.py).
@Suite("PyTorch front doors")
struct TorchTests {
  struct Encoded: Decodable, Sendable {
    var shape: [Int]
    var data: String
    var floats: [Float] {
      let bytes = [UInt8](Data(base64Encoded: data)!)
      return stride(from: 0, to: bytes.count, by: 4).map { o in
        Float(bitPattern: UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24)
      }
    }
    /// As convlab source: np.array of the exact float32 values.
    var source: String {
      "np.array([\(floats.map { "\($0)" }.joined(separator: ", "))], dtype='float32').reshape(\(shape.isEmpty ? "()" : "(" + shape.map(String.init).joined(separator: ", ") + ",)"))"
    }
  }
  enum Number: Decodable, Sendable, CustomStringConvertible {
    case int(Int), double(Double), string(String), bool(Bool), list([Int]), doubles([Double])
    init(from decoder: Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let v = try? c.decode(Int.self) { self = .int(v) } else if let v = try? c.decode(Double.self) { self = .double(v) }
      else if let v = try? c.decode(Bool.self) { self = .bool(v) }
      else if let v = try? c.decode([Int].self) { self = .list(v) } else if let v = try? c.decode([Double].self) { self = .doubles(v) }
      else { self = .string(try c.decode(String.self)) }
    }
    var description: String {
      switch self {
      case .int(let v): return "\(v)"
      case .double(let v): return "\(v)"
      case .string(let v): return "'\(v)'"
      case .bool(let v): return v ? "True" : "False"
      case .list(let v): return "(\(v.map(String.init).joined(separator: ", ")),)"
      case .doubles(let v): return "(\(v.map { "\($0)" }.joined(separator: ", ")),)"
      }
    }
  }
  struct Functional: Decodable, Sendable, CustomStringConvertible {
    var function: String
    var input: Encoded
    var weight: Encoded?
    var bias: Encoded?
    var pad: [Int]?
    var kwargs: [String: Number]
    var output: Encoded
    var description: String { "\(function) \(input.shape) \(kwargs)" }
  }
  struct Stream: Decodable, Sendable, CustomStringConvertible {
    var seed: Int
    var function: String
    var size: [Int]
    var values: Encoded
    var description: String { "manual_seed(\(seed)); \(function)\(size)" }
  }
  struct Printed: Decodable, Sendable, CustomStringConvertible {
    var seed: Int
    var source: String
    var repr: String
    var description: String { source }
  }
  struct Refusal: Decodable, Sendable, CustomStringConvertible {
    var source: String
    var error: String
    var description: String { source }
  }
  struct File: Decodable { var functional: [Functional]; var random: [Stream]; var printing: [Printed]; var refusals: [Refusal] }
  static func file() throws -> File { try Fixtures.json(File.self, "layers", "torch.json") }

  func values(_ source: String) throws -> [Float] {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    for statement in try Parser.parse(source) { _ = try interpreter.run(statement) }
    guard case .array(let array)? = interpreter.state.variables["result"] else { throw ScriptError(.runtime, "no result", at: SourceRange(0, 0)) }
    return try array.astype(.float32).elements(as: Float.self)
  }

  @Test func fixtureSetIsWhole() throws {
    let file = try Self.file()
    #expect(file.functional.count == 213 && file.random.count == 56 && file.printing.count == 58 && file.refusals.count == 15)
    #expect(Set(file.functional.map(\.function)).count == 11, "conv1-3d, conv_transpose1-3d, pad, interpolate, the three nn.Upsample forms")
    let modes = Set(file.functional.filter { $0.function == "interpolate" }.compactMap { if case .string(let mode)? = $0.kwargs["mode"] { return mode } else { return nil } })
    #expect(modes == ["nearest", "nearest-exact", "area", "linear", "bilinear", "trilinear", "bicubic", "lanczos"])
  }

  @Test(arguments: try file().functional)
  func functionalMatchesPyTorch(_ fixture: Functional) throws {
    let options = fixture.kwargs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    let call: String
    if fixture.function == "interpolate" {
      call = "F.interpolate(x, \(options))"
    } else if fixture.function.hasPrefix("nn.") {
      call = "torch.\(fixture.function)(\(options))(x)"
    } else if fixture.function == "pad" {
      call = "F.pad(x, (\(fixture.pad!.map(String.init).joined(separator: ", "))), \(options))"
    } else {
      call = "F.\(fixture.function)(x, \(fixture.weight!.source), \(fixture.bias?.source ?? "None"), \(options))"
    }
    let got = try values("import torch.nn.functional as F\nx = \(fixture.input.source)\nresult = \(call)")
    let expected = fixture.output.floats
    #expect(got.count == expected.count, "\(call)")
    let worst = zip(got, expected).map { abs($0 - $1) - 1e-4 * abs($1) }.max() ?? 0
    #expect(worst <= 1e-5, "\(fixture): off by \(worst)")
  }

  /// Bit for bit: rand, randn's double path (< 16 elements) and its Cephes blocks of 16.
  @Test(arguments: try file().random)
  func randomStreamsArePyTorchs(_ stream: Stream) throws {
    let size = stream.size.map(String.init).joined(separator: ", ")
    let got = try values("torch.manual_seed(\(stream.seed))\nresult = torch.\(stream.function)(\(size))")
    let expected = stream.values.floats
    #expect(got.count == expected.count)
    let differing = zip(got, expected).filter { $0 != $1 }
    #expect(differing.isEmpty, "\(stream): \(differing.count) of \(got.count) differ, e.g. \(differing.prefix(3))")
  }

  /// F.interpolate's refusals, with PyTorch's words.
  @Test(arguments: try file().refusals)
  func interpolateRefusesAsPyTorchDoes(_ fixture: Refusal) throws {
    let source = "import torch.nn.functional as F\n" + fixture.source
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    do {
      for statement in try Parser.parse(source) { _ = try interpreter.run(statement) }
      Issue.record("\(fixture.source) ran")
    } catch {
      #expect(error.message == fixture.error)
      // The caret stands under the call or one of its arguments.
      #expect(error.range.start >= source.utf8.count - fixture.source.utf8.count && error.range.end <= source.utf8.count)
    }
  }

  /// repr() as PyTorch prints it: one format for all elements, summarization, dtype suffixes.
  @Test(arguments: try file().printing)
  func tensorsPrintAsPyTorchPrints(_ fixture: Printed) throws {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    var lines = fixture.source.split(separator: "\n").map(String.init)
    lines[lines.count - 1] = "result = " + lines[lines.count - 1]
    let source = (["import torch", "import torch.nn.functional as F", "torch.manual_seed(\(fixture.seed))"] + lines).joined(separator: "\n")
    for statement in try Parser.parse(source) { _ = try interpreter.run(statement) }
    let result = try #require(interpreter.state.variables["result"])
    #expect(result.repr(interpreter.state.printOptions) == fixture.repr)
  }

  /// Printing reads only the elements it shows: a broadcast view of 3·10⁸ elements over three
  /// (it had gathered every element first, 16 bytes each).
  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/clear_refs"), "memit needs Linux's /proc"))
  func aSummarizedTensorReadsOnlyWhatItShows() throws {
    let lines = try run("t = torch.from_numpy(np.broadcast_to(np.arange(3.0, dtype='float32'), (10**8, 3)))\nt\nint(memit(repr(t)))")
    #expect(lines.first { $0.hasPrefix("tensor(") } == "tensor([[0., 1., 2.],\n        [0., 1., 2.],\n        [0., 1., 2.],\n        ...,\n        [0., 1., 2.],\n        [0., 1., 2.],\n        [0., 1., 2.]])")
    let working = try #require(Int(lines.last ?? ""))
    #expect(working < 16 << 20, "printing took \(working) bytes of working memory")
  }

  /// Torch tensors stay torch tensors through operators, indexing and methods; NumPy's
  /// functions and x.numpy() give NumPy arrays.
  @Test func torchTensorsKeepPrintingAsTensors() throws {
    let lines = try run("""
      t = torch.arange(6).reshape(2, 3)
      t + 1
      -t[0]
      t.T
      t.numpy()
      np.asarray(t)
      type(t), type(t.numpy())
      abs(-t)
      print(t[1])
      """)
    #expect(lines.contains("tensor([[1, 2, 3],\n        [4, 5, 6]])"), "\(lines)")
    #expect(lines.contains("tensor([ 0, -1, -2])"))
    #expect(lines.contains("tensor([[0, 3],\n        [1, 4],\n        [2, 5]])"))
    #expect(lines.filter { $0.hasPrefix("tensor (2, 3) int64\n[[0 1 2]") }.count == 2, "\(lines)")
    #expect(lines.contains("(<class 'torch.Tensor'>, <class 'numpy.ndarray'>)"))
    #expect(lines.contains("tensor([[0, 1, 2],\n        [3, 4, 5]])"))
    #expect(lines.last == "tensor([3, 4, 5])")
    // A torch layer's output and weights are torch tensors; a Keras layer's are arrays.
    #expect(try run("import torch.nn as nn\nm = nn.Conv1d(1, 1, 2, bias=False)\nm.weight = torch.ones(1, 1, 2)\nm(torch.ones(1, 1, 3))").last == "tensor([[[2., 2.]]])")
    #expect(try run("torch.nn.Conv1d(1, 2, 1).bias.shape").last == "(2,)")
    #expect(try run("torch.nn.Conv1d(1, 2, 1).weight").last?.hasPrefix("tensor([[[") == true)
    // The upsampling modules print as PyTorch's extra_repr writes them.
    #expect(try run("torch.nn.Upsample(size=(3, 4), mode='bicubic', align_corners=True)").last == "Upsample(size=(3, 4), mode='bicubic')")
    #expect(try run("torch.nn.UpsamplingBilinear2d(scale_factor=2)").last == "UpsamplingBilinear2d(scale_factor=2.0, mode='bilinear')")
  }

  @Test func importsDecideWhatNnMeans() throws {
    // No import: nn is Paddle's, as sessions before PyTorch had it.
    #expect(try run("nn.Conv3DTranspose").last == "<class paddle.nn.Conv3DTranspose>")
    for header in ["import torch.nn as nn", "from torch import nn", "import torch\nnn = torch.nn"] {
      let lines = try run("\(header)\nm = nn.Conv2d(3, 8, 3)\nm(torch.randn(1, 3, 6, 6)).shape")
      #expect(lines.last == "(1, 8, 4, 4)", "\(header): \(lines)")
    }
    #expect(try run("import torch.nn.functional as F\nF.conv1d(torch.ones(1, 1, 4), torch.ones(1, 1, 2)).tolist()").last == "[[[2.0, 2.0, 2.0]]]")
    #expect(try run("torch.nn.ConvTranspose1d(1, 1, 2, stride=2)(torch.ones(1, 1, 3)).shape").last == "(1, 1, 6)")
  }

  @Test func tensorsTheTorchWay() throws {
    let lines = try run("""
      x = torch.zeros(2, 3)
      x.dtype, torch.arange(5).dtype, torch.arange(0, 1, 0.5).dtype, torch.tensor([1.5]).dtype, torch.tensor([1, 2]).dtype
      x.size(), x.size(1), x.size(-1), x.dim(), x.numel(), x.size
      x.unsqueeze(0).shape, x.unsqueeze(-1).shape, x.permute(1, 0).shape, x.view(3, 2).shape, x.view(-1).shape
      torch.cat([x, x], dim=1).shape, torch.stack([x, x]).shape, torch.from_numpy(np.arange(3.0)).dtype
      torch.arange(3).float().dtype, x.long().dtype, x.contiguous().detach().numpy().shape
      """)
    #expect(Array(lines.suffix(5)) == [
      "(dtype('float32'), dtype('int64'), dtype('float32'), dtype('float32'), dtype('int64'))",
      "((2, 3), 3, 3, 2, 6, 6)",
      "((1, 2, 3), (2, 3, 1), (3, 2), (3, 2), (6,))",
      "((2, 6), (2, 2, 3), dtype('float64'))",
      "(dtype('float32'), dtype('int64'), (2, 3))",
    ])
  }

  @Test func weightsThePyTorchWay() throws {
    let lines = try run("""
      m = nn.Conv2d(3, 8, 3) if False else torch.nn.Conv2d(3, 8, 3)
      m.weight.shape, m.bias.shape, m.in_channels, m.out_channels, m.kernel_size, m.padding
      sd = m.state_dict()
      m.load_state_dict({'weight': torch.ones(8, 3, 3, 3), 'bias': torch.zeros(8)})
      float(m(torch.ones(1, 3, 3, 3)).sum())
      m.weight = torch.nn.Parameter(torch.zeros(8, 3, 3, 3))
      float(m(torch.ones(1, 3, 3, 3)).sum())
      """)
    #expect(lines.contains("((8, 3, 3, 3), (8,), 3, 8, (3, 3), (0, 0))"), "\(lines)")
    #expect(lines.contains("sd: dict of 2 {'weight': tensor (8, 3, 3, 3) float32, 'bias': tensor (8,) float32}"))
    #expect(lines.contains("216.0") && lines.last == "0.0", "\(lines)")
    let missing = expectError(Marked("m = torch.nn.Conv2d(3, 8, 3)\nm.load_state_dict(‸{'weight': torch.ones(8, 3, 3, 3)})"))
    #expect(missing?.message.contains("Missing key(s) in state_dict: \"bias\".") == true, "\(String(describing: missing))")
    let shape = expectError(Marked("m = torch.nn.Conv2d(3, 8, 3)\n‸m.weight = torch.ones(8, 3, 5, 5)"))
    #expect(shape?.message.contains("(8, 3, 3, 3)") == true, "\(String(describing: shape))")
  }

  @Test func layoutsAcrossFrameworksGetAHint() throws {
    // A Keras layer reading an NCHW image computes (it is valid), with a note.
    let lines = try run("y = Conv2D(8, 3)(np.zeros((1, 3, 32, 32)))")
    #expect(lines.contains { $0.hasPrefix("note: this looks channels-first (3 channels of 32×32)") && $0.contains("data_format='channels_first'") && $0.contains("torch.nn.Conv2d") }, "\(lines)")
    #expect(try run("y = Conv2D(8, 3)(np.zeros((1, 32, 32, 3)))").allSatisfy { !$0.hasPrefix("note:") })
    #expect(try run("y = Conv1D(8, 2)(np.zeros((1, 2, 500)))").contains { $0.hasPrefix("note: this looks channels-first") })
    // …and where the misread fails, the error carries the hint.
    let failed = expectError(Marked("‸Conv2D(8, 5)(np.zeros((1, 3, 64, 64)))"))
    #expect(failed?.message.contains("this looks channels-first") == true, "\(String(describing: failed))")
    // A torch layer given NHWC says so in reverse.
    let torch = expectError(Marked("m = torch.nn.Conv2d(3, 8, 3)\n‸m(np.zeros((1, 32, 32, 3)))"))
    #expect(torch?.message.contains("it looks channels-last") == true && torch?.message.contains("x.permute(0, 3, 1, 2)") == true, "\(String(describing: torch))")
  }

  @Test func teachingReadsTorchLayers() throws {
    let text = try run("explain(torch.nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1), (1, 4, 5, 5))").joined(separator: "\n")
    #expect(text.contains("rows: (5 − 1)·2 − 1 − 1 + 3 + 1 = 10"))
    let sum = try run("diagram(torch.nn.Conv2d(1, 1, 3, padding=1), (1, 1, 5, 5), at=(0, 0))").joined(separator: "\n")
    #expect(sum.contains("y[n, f, 0, 0] = x[n, 0, 0, 0]·w[f, 0, 1, 1]"), "\(sum)")
  }
}
