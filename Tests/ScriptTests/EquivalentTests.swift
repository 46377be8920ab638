import Arrays
import Testing

@testable import Script

/// equivalent() against the layers themselves: the PyTorch and Keras code it prints is run in
/// convlab with the original layer's weights moved into each layout, and must give the
/// original's output on a random input. Random 1-D and 2-D configurations, forward and
/// transposed, from Keras and from PyTorch.
@Suite("equivalent(): the printed code computes the same layer")
struct EquivalentTests {
  /// The receptive-field tests' SplitMix64: the same configurations on every run.
  typealias Random = ReceptiveFieldTests.Random

  /// A layer, its input shape, and whether it is PyTorch's (NC…) or Keras's (N…C).
  func configuration(_ g: inout Random) -> (layer: String, shape: [Int], torch: Bool) {
    let rank = 1 + g.next(2), k = 1 + g.next(4), s = 1 + g.next(3)
    let d = s == 1 && g.next(3) == 0 ? 2 : 1
    let sizes = (0..<rank).map { _ in 6 + g.next(6) }
    let c = 1 + g.next(3), f = 1 + g.next(3)
    switch g.next(4) {
    case 0:
      let padding = ["valid", "same"] + (rank == 1 ? ["causal"] : [])
      return ("Conv\(rank)D(\(f), \(k), strides=\(s), padding='\(padding[g.next(padding.count)])', dilation_rate=\(d))", [1] + sizes + [c], false)
    case 1:
      let op = g.next(2) == 0 ? "None" : "\(g.next(s))"
      return ("Conv\(rank)DTranspose(\(f), \(k), strides=\(s), padding='\(["valid", "same"][g.next(2)])', output_padding=\(op))", [1] + sizes + [c], false)
    case 2:
      let padding = s == 1 && g.next(3) == 0 ? "'same'" : "\(g.next(k))"
      return ("torch.nn.Conv\(rank)d(\(c), \(f), \(k), stride=\(s), padding=\(padding), dilation=\(d))", [1, c] + sizes, true)
    default:
      let p = g.next(k), op = g.next(s)
      return ("torch.nn.ConvTranspose\(rank)d(\(c), \(f), \(k), stride=\(s), padding=\(p), output_padding=\(op))", [1, c] + sizes, true)
    }
  }

  @Test func printedCodeRunsToTheSameOutput() throws {
    var g = Random(state: 2026)
    var checked = (torch: 0, keras: 0), failures: [String] = [], noEquivalent = 0
    for _ in 0..<80 {
      let (layer, shape, isTorch) = configuration(&g)
      var interpreter = Interpreter(state: InterpreterState(seed: 1))
      func run(_ source: String) throws -> [String] {
        var lines: [String] = []
        for statement in try Parser.parse(source) { lines += try interpreter.run(statement).lines }
        return lines
      }
      let shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
      guard (try? run("import torch\nimport torch.nn.functional as F\nl = \(layer)\nx0 = np.random.rand\(shapeText).astype('float32')\ny0 = l(x0)")) != nil else { continue }
      let text = try run("equivalent(l, \(shapeText))").joined(separator: "\n").split(separator: "\n").map(String.init)
      let rank = shape.count - 2
      // The input and the reference output in both layouts.
      let toFirst = "(0, \(rank + 1), " + (1...rank).map(String.init).joined(separator: ", ") + ")"
      let toLast = "(0, " + (2...(rank + 1)).map(String.init).joined(separator: ", ") + ", 1)"
      _ = try run(isTorch ? "xt = x0\nxk = np.transpose(x0, \(toLast))\nyt = y0\nyk = np.transpose(y0, \(toLast))" : "xk = x0\nxt = np.transpose(x0, \(toFirst))\nyk = y0\nyt = np.transpose(y0, \(toFirst))")
      // The kernel in each layout: Keras (k…, in, out) / transposed (k…, out, in); PyTorch (out, in, k…) / transposed (in, out, k…).
      let transposed = layer.contains("Transpose")
      let kAxes = (0..<rank).map(String.init).joined(separator: ", ")
      let tAxes = (2..<(rank + 2)).map(String.init).joined(separator: ", ")
      if isTorch {
        _ = try run(transposed ? "wt = l.weight\nwk = wt.permute(\(tAxes), 1, 0)\nb = l.bias" : "wt = l.weight\nwk = wt.permute(\(tAxes), 1, 0)\nb = l.bias")
      } else {
        _ = try run(transposed ? "wk = l.kernel\nwt = wk.transpose(\(rank + 1), \(rank), \(kAxes))\nb = l.bias" : "wk = l.kernel\nwt = wk.transpose(\(rank + 1), \(rank), \(kAxes))\nb = l.bias")
      }
      for line in text {
        if line.hasPrefix("PyTorch: "), !line.contains("no padding") {
          var code = String(line.dropFirst(9))
          if let note = code.range(of: "  (") { code = String(code[..<note.lowerBound]) }
          let parts = code.components(separatedBy: "; ")
          let padStep = parts.count == 2 ? parts[0].replacingOccurrences(of: "x = F.pad(x,", with: "xp = F.pad(xt,") : "xp = xt"
          let module = parts.last!.replacingOccurrences(of: "nn.", with: "torch.nn.")
          let out = (try? run("\(padStep)\nm = \(module)\nm.weight = wt\nm.bias = b\nfloat(np.abs(m(xp) - yt).max())"))?.last ?? "an error"
          if !((Double(out) ?? 1) < 1e-4) { failures.append("\(layer) on \(shape): \(line) → off by \(out)") }
          checked.torch += 1
        } else if line.hasPrefix("PyTorch: ") {
          noEquivalent += 1
        }
        if line.hasPrefix("Keras:   "), !line.hasPrefix("Keras:   none") {
          var code = String(line.dropFirst(9))
          if let note = code.range(of: "  (") { code = String(code[..<note.lowerBound]) }
          let steps = code.components(separatedBy: ", then ")
          let layers = steps.map { $0.hasPrefix("Conv") ? "kl" : $0 }
          let conv = steps.first { $0.hasPrefix("Conv") }!
          let out = (try? run("kl = \(conv)\n_ = kl(xk)\nkl.set_weights([wk, b])\nmk = Sequential([\(layers.joined(separator: ", "))])\nfloat(np.abs(mk(xk) - yk).max())"))?.last ?? "an error"
          if !((Double(out) ?? 1) < 1e-4) { failures.append("\(layer) on \(shape): \(line) → off by \(out)") }
          checked.keras += 1
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(6).joined(separator: "\n"))")
    #expect(checked.torch >= 40 && checked.keras >= 50, "checked \(checked), \(noEquivalent) without a PyTorch equivalent")
  }

  /// The inverse line: each input size a strided forward layer maps to one output size, and the
  /// output_padding that gives it back — checked by running the transposed layers it names.
  @Test func theInverseOutputPaddingsGiveEachSizeBack() throws {
    var checked = 0
    for (padding, k, s) in [("same", 3, 2), ("valid", 3, 2), ("same", 4, 2), ("valid", 2, 3), ("same", 5, 3)] {
      for n in 9...13 {
        let text = try run("equivalent(Conv1D(2, \(k), strides=\(s), padding='\(padding)'), (1, \(n), 1))").joined(separator: "\n")
        let line = try #require(text.split(separator: "\n").first { $0.contains("steps: inputs") }, "\(text)")
        let output = Int(line.components(separatedBy: " all give ")[1].split(separator: ";")[0])!
        for choice in line.components(separatedBy: "back to ")[1].components(separatedBy: "), ") {
          let size = Int(choice.split(separator: " ")[0])!
          let keras = choice.components(separatedBy: "Keras output_padding=")[1].prefix { $0 != ";" && $0 != ")" }
          guard keras != "none" else { continue }
          let shape = try run("Conv1DTranspose(1, \(k), strides=\(s), padding='\(padding)', output_padding=\(keras))(np.zeros((1, \(output), 1))).shape").last
          #expect(shape == "(1, \(size), 1)", "\(line): \(choice) gave \(shape ?? "nothing")")
          if choice.contains("PyTorch padding=") {
            let p = choice.components(separatedBy: "PyTorch padding=")[1].prefix { $0 != "," }
            let op = choice.components(separatedBy: "PyTorch padding=")[1].components(separatedBy: "output_padding=")[1].prefix { $0.isNumber }
            if !op.isEmpty {
              let torch = try run("torch.nn.ConvTranspose1d(1, 1, \(k), stride=\(s), padding=\(p), output_padding=\(op))(np.zeros((1, 1, \(output)))).shape").last
              #expect(torch == "(1, 1, \(size))", "\(line): \(choice) gave \(torch ?? "nothing")")
            }
          }
          checked += 1
        }
      }
    }
    #expect(checked >= 40)
  }
}
