import Foundation
import Layers
import Testing

@testable import Script

/// The sum a diagram writes out, evaluated term by term with the layer's own tensors, gives the
/// layer's output: every index is in the layer's layout (channels_first tensors, Keras's and
/// Paddle's kernels). And every grid row is as wide as its frame, up to 40 cells.
@Suite("Diagrams: sums in each layer's layout, rows as wide as their frames")
struct DiagramSumTests {
  /// `text` with the whole-word letters of `values` replaced (`n`, `f`, `c`).
  func substitute(_ text: String, _ values: [Character: Int]) -> String {
    let characters = Array(text)
    var result = ""
    for (index, character) in characters.enumerated() {
      let before = index > 0 ? characters[index - 1] : " ", after = index + 1 < characters.count ? characters[index + 1] : " "
      if let value = values[character], !before.isLetter, !before.isNumber, !after.isLetter, !after.isNumber, before != "_" {
        result += String(value)
      } else {
        result.append(character)
      }
    }
    return result
  }

  /// The right-hand side of the printed `y[…] = …` for filter 0 and batch 0, as convlab code.
  func expression(_ formula: String, channels: Int) -> (target: String, value: String) {
    let sides = formula.replacingAll("·", with: "*").components(separatedBy: " = ")
    var right = sides[1].components(separatedBy: ", c over")[0].components(separatedBy: ", for each channel")[0]
    for note in [" \\(\\d+ taps? on zeros", " \\(\\d+ padding cells? left out", " \\(count_include_pad", " \\(divisor_override"] {
      if let found = right.range(of: note, options: .regularExpression) { right = String(right[..<found.lowerBound]) }
    }
    var value = right
    if right.hasPrefix("Σ_c ") {
      let inner = String(right.dropFirst(4).prefix { $0 != ")" }) + ")"
      let rest = right.components(separatedBy: ")").last ?? ""
      value = (0..<channels).map { substitute(inner, ["c": $0, "n": 0, "f": 0]) }.joined(separator: " + ") + rest
    }
    value = substitute(value, ["n": 0, "f": 0, "c": 0, "m": 0])
    return (substitute(sides[0], ["n": 0, "f": 0, "c": 0, "m": 0]), value)
  }

  @Test(arguments: [
    ("Conv2D(2, 3)", "(1, 5, 5, 1)", "(1, 2)", "l.kernel", 1),
    ("Conv2D(2, 3, data_format='channels_first')", "(1, 1, 5, 5)", "(2, 1)", "l.kernel", 1),
    ("Conv2D(2, 2, data_format='channels_first')", "(1, 3, 4, 4)", "(1, 1)", "l.kernel", 3),
    ("Conv2DTranspose(2, 3, strides=2)", "(1, 3, 3, 2)", "(2, 3)", "l.kernel", 2),
    ("Conv2DTranspose(2, 3, strides=2, data_format='channels_first')", "(1, 2, 3, 3)", "(3, 2)", "l.kernel", 2),
    ("Conv1D(3, 3, dilation_rate=2, data_format='channels_first')", "(1, 2, 9)", "(2,)", "l.kernel", 2),
    ("paddle.nn.Conv3DTranspose(2, 3, 2)", "(1, 2, 2, 2, 2)", "(1, 1, 2)", "l.weight", 2),
    ("DepthwiseConv2D(3, data_format='channels_first')", "(1, 1, 5, 5)", "(1, 1)", "l.depthwise_kernel", 1),
    ("UpSampling2D(2, interpolation='bilinear', data_format='channels_first')", "(1, 1, 3, 3)", "(2, 3)", "None", 1),
    ("AveragePooling2D(3, strides=2, padding='same', data_format='channels_first')", "(1, 2, 5, 5)", "(0, 1)", "None", 1),
    ("MaxPooling2D((2, 3), padding='same')", "(1, 5, 5, 2)", "(2, 1)", "None", 1),
    ("AveragePooling1D(3, strides=2, padding='same')", "(1, 8, 2)", "(3,)", "None", 1),
    ("MaxPooling3D(2, strides=1)", "(1, 3, 3, 3, 1)", "(1, 0, 1)", "None", 1),
    ("torch.nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True)", "(1, 1, 6, 6)", "(3, 3)", "None", 1),
    ("torch.nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)", "(1, 2, 5, 5)", "(0, 2)", "None", 1),
    ("torch.nn.AvgPool1d(2, padding=1, divisor_override=3)", "(1, 2, 5)", "(0,)", "None", 1),
    ("torch.nn.MaxPool1d(3, stride=2, padding=1, dilation=1)", "(1, 2, 7)", "(3,)", "None", 1),
    ("torch.nn.Conv2d(2, 3, 3, padding=(1, 2), stride=2)", "(1, 2, 5, 6)", "(1, 2)", "l.weight", 2),
    ("torch.nn.ConvTranspose1d(2, 3, 3, stride=2, padding=1)", "(1, 2, 4)", "(2,)", "l.weight", 2),
  ])
  func theWrittenSumIsTheOutput(layer: String, shape: String, at: String, weight: String, channels: Int) throws {
    let setup = "seed(3)\nx = rand\(shape)\nl = \(layer)\ny = l(x)\nw = \(weight)\nb = l.bias if \(weight != "None") else 0\n"
    let lines = try run(setup + "diagram(l, x, at=\(at))")
    let formula = try #require(lines.joined(separator: "\n").split(separator: "\n").first { $0.hasPrefix("y[") }.map(String.init))
    let (target, value) = expression(formula, channels: channels)
    let bias = formula.contains("+ b") ? " + b[0]" : ""
    let check = try run(setup + "float(abs(\(target) - (\(value.replacingOccurrences(of: "+ b", with: ""))\(bias))))").last
    #expect(Double(check ?? "") ?? 1 < 1e-5, "\(layer): \(formula)\n→ \(target) vs \(value): \(check ?? "")")
  }

  @Test func oneDimensionalDiagramsMarkDilationGaps() throws {
    let text = try run("diagram(Conv1D(1, 3, dilation_rate=2), (1, 8, 1), at=(1,))").joined(separator: "\n")
    let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("   │") })
    // Taps at 1, 3, 5; the gaps between them at 2 and 4, and nothing else marked.
    #expect(row.hasPrefix("   │   │ 0 │ ╌ │ 1 │ ╌ │ 2 │   │   │"), "\(row)")
    #expect(text.contains("╌ dilation gap"))
  }

  @Test func everyRowIsAsWideAsItsFrame() throws {
    var failures: [String] = []
    for size in [5, 13, 20, 29, 32] {  // diagrams draw up to 32 cells an axis
      for (layer, shape, at) in [
        ("Conv2D(1, 3, padding='same')", "(1, \(size), \(size), 1)", "(\(size / 2), \(size / 2))"),
        ("Conv1D(1, 3, padding='causal', dilation_rate=2)", "(1, \(size), 1)", "(\(size - 1),)"),
        ("Conv1DTranspose(1, 3, strides=2)", "(1, \(size), 1)", "(\(size),)"),
        ("Conv2DTranspose(1, 2, strides=2)", "(1, \(min(size, 20)), \(min(size, 20)), 1)", "(3, 3)"),
        ("MaxPooling2D(3, strides=2, padding='same')", "(1, \(size), \(size), 1)", "(0, \(size / 4))"),
      ] {
        let text = try run("diagram(\(layer), \(shape), at=\(at))").joined(separator: "\n")
        // Each grid spans from its ┌ to its ┐; every row until its └ has its borders there.
        var open: [(left: Int, right: Int)] = []
        for line in text.split(separator: "\n").map({ Array($0) }) {
          for grid in open {
            let left = grid.left < line.count ? line[grid.left] : " ", right = grid.right < line.count ? line[grid.right] : " "
            if !"│├└".contains(left) || !"│┤┘".contains(right) {
              failures.append("\(layer) \(shape): a row's borders are not under its frame: \(String(line))")
            }
          }
          open.removeAll { grid in grid.left < line.count && line[grid.left] == "└" }
          for (index, character) in line.enumerated() where character == "┌" {
            if let right = line[index...].firstIndex(of: "┐") { open.append((index, right)) }
          }
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5).joined(separator: "\n"))")
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}

/// The colours come with the text: every grid character a diagram draws has the style its
/// producer gave it, and a heatmap's shades theirs.
@Suite("Teaching text returns its styles")
struct TeachingStylesTests {
  @Test func diagramGridsAreStyledByWhatEachCellIs() throws {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    let outcome = try interpreter.run(try Parser.parse("diagram(Conv2DTranspose(1, 3, strides=2, padding='same'), (1, 3, 3, 1), at=(1, 1))")[0])
    let grid = outcome.lines.joined(separator: "\n").split(separator: "\n").map(String.init).filter { $0.contains("│") }
    #expect(!grid.isEmpty && grid.allSatisfy { outcome.styles[$0] != nil }, "every grid row is styled")
    var seen = Set<UInt8>()
    for line in grid {
      let styles = try #require(outcome.styles[line])
      #expect(styles.count == line.count)
      for (character, style) in zip(line, styles) {
        seen.insert(style.rawValue)
        switch character {
        case "●": #expect(style == .target)
        case "·", "∘", "╌": #expect(style == .zero)
        case "×": #expect(style == .cropped)
        case "│", "├", "┼", "┤", "─": #expect(style == .line)
        case " ": #expect(style == .plain)
        default: #expect(style == .label || style == .plain, "\(character) in \(line)")  // taps, or the row index
        }
      }
    }
    #expect(seen.isSuperset(of: [TextStyle.label.rawValue, TextStyle.target.rawValue, TextStyle.zero.rawValue]))
    let heat = try interpreter.run(try Parser.parse("show(np.arange(16.).reshape(4, 4))")[0])
    let rows = heat.lines[0].split(separator: "\n").map(String.init).filter { $0.hasPrefix("│") }
    let shade: [Character: TextStyle] = [" ": .plain, "░": .heat1, "▒": .heat2, "▓": .heat3, "█": .heat4, "│": .line]
    #expect(rows.count == 4 && rows.allSatisfy { row in heat.styles[row] == row.map { shade[$0]! } })
  }
}

@Suite("The direct view names the inputs padding crops away")
struct CroppedInputsTests {
  @Test func paddlePaddingPastTheKernelNamesWhatItDrops() throws {
    let text = try run("c = paddle.nn.Conv3DTranspose(1, 1, 3, stride=1, padding=3)\ndiagram(c, (1, 1, 6, 6, 6), at=(0, 1, 1))").joined(separator: "\n")
    #expect(text.contains("rows: inputs 0, 5 reach no output cell"), "\(text)")
    // One-hot on an input the note names: the layer's output is all zero; on one it shows, not.
    let runs = try run("""
      c = paddle.nn.Conv3DTranspose(1, 1, 3, stride=1, padding=3, bias_attr=False)
      x = np.zeros((1, 1, 6, 6, 6), dtype='float32')
      x[0, 0, 2, 0, 2] = 1
      z = np.zeros((1, 1, 6, 6, 6), dtype='float32')
      z[0, 0, 2, 2, 2] = 1
      bool(np.all(c(x) == 0)), bool(np.any(c(z) != 0))
      """)
    #expect(runs.last == "(True, True)")
  }
}

/// diagram(…, from_input:) against the layer: with a kernel whose taps all differ, a one-hot
/// input at the cell gives, in each output cell it marks, exactly the weight of the tap written
/// there, and zero elsewhere.
@Suite("diagram from_input against one-hot runs")
struct DiagramFromInputTests {
  @Test(arguments: [
    ("Conv2D(1, 3, strides=2, padding='same')", "(1, 6, 6, 1)", (3, 2)),
    ("Conv2DTranspose(1, 3, strides=2)", "(1, 3, 3, 1)", (1, 2)),
    ("Conv2D(1, 2, dilation_rate=2)", "(1, 5, 5, 1)", (2, 2)),
  ])
  func labelsAreTheWeightsTheOneHotInputMeets(layer: String, shape: String, cell: (Int, Int)) throws {
    let setup = """
      l = \(layer)
      y = l(np.zeros(\(shape), dtype='float32'))
      k = l.get_weights()[0]
      l.set_weights([(np.arange(k.size) + 1).reshape(k.shape).astype('float32'), np.zeros(1, dtype='float32')])
      x = np.zeros(\(shape), dtype='float32')
      x[0, \(cell.0), \(cell.1), 0] = 1
      o = l(x)[0, :, :, 0]
      """
    let text = try run(setup + "\ndiagram(l, \(shape), from_input=(\(cell.0), \(cell.1)))").joined(separator: "\n")
    let values = try run(setup + "\no.tolist(), k.shape, l.get_weights()[0][..., 0, 0].tolist()")
    // The output grid's labelled cells, from the text: (row, col) → tap.
    var labelled: [[Int]: [Int]] = [:]
    let all = text.split(separator: "\n").map(String.init)
    // The output grid starts where its title does, beside the input grid.
    let title = try #require(all.first { $0.contains("output (the tap it meets)") })
    let start = title.distance(from: title.startIndex, to: try #require(title.range(of: "output (")).lowerBound)
    for line in all where line.contains("│") && line.count > start {
      let right = String(line.dropFirst(start))
      guard let bar = right.firstIndex(of: "│") else { continue }
      guard let row = Int(right[..<bar].trimmingCharacters(in: .whitespaces)) else { continue }
      for (column, cellText) in right[right.index(after: bar)...].split(separator: "│", omittingEmptySubsequences: false).dropLast().enumerated() {
        let taps = cellText.trimmingCharacters(in: .whitespaces).split(separator: ",").compactMap { Int($0) }
        if taps.count == 2 { labelled[[row, column]] = taps }
      }
    }
    #expect(!labelled.isEmpty, "\(text)")
    // o[r][c] is the kernel's value at the labelled tap, and zero where nothing is labelled.
    let scope = try #require(values.last)
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    for statement in try Parser.parse(setup) { _ = try interpreter.run(statement) }
    guard case .array(let output)? = interpreter.state.variables["o"], case .array(let kernel)? = interpreter.state.variables["k"] else {
      Issue.record("no output: \(scope)")
      return
    }
    let o = try output.astype(.float64).elements(as: Double.self), width = output.shape[1]
    let weights = try interpreter.state.variables["l"].map { value -> [Double] in
      guard case .layer(let l) = value else { return [] }
      return l.weights[0].scalars.map(Double.init)
    } ?? []
    let taps = Array(kernel.shape.prefix(2))
    for index in o.indices {
      let position = [index / width, index % width]
      let expected = labelled[position].map { weights[$0[0] * taps[1] + $0[1]] } ?? 0
      #expect(o[index] == expected, "\(layer) at \(position): \(o[index]) vs \(expected)")
    }
  }
}

/// diagram(…, from_tap:) against the layer: with the kernel one-hot at the tap, each output is
/// the input cell the picture pairs it with (zero where it pairs none).
@Suite("diagram from_tap against a one-hot kernel")
struct DiagramFromTapTests {
  @Test(arguments: [
    ("Conv2D(1, 3, strides=2, padding='same')", "(1, 5, 5, 1)", [0, 2]),
    ("Conv2DTranspose(1, 3, strides=2)", "(1, 3, 3, 1)", [2, 1]),
    ("Conv2D(1, 3, dilation_rate=2, padding='same')", "(1, 6, 6, 1)", [1, 0]),
  ])
  func pairedInputsAreWhatTheTapMultiplies(layer: String, shape: String, tap: [Int]) throws {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    let setup = """
      seed(2)
      l = \(layer)
      x = rand\(shape).astype('float32')
      y0 = l(x)
      k = np.zeros(l.get_weights()[0].shape, dtype='float32')
      k[\(tap[0]), \(tap[1]), 0, 0] = 1
      l.set_weights([k, np.zeros(1, dtype='float32')])
      o = l(x)[0, :, :, 0]
      xs = x[0, :, :, 0]
      """
    for statement in try Parser.parse(setup) { _ = try interpreter.run(statement) }
    let text = try interpreter.run(try Parser.parse("diagram(l, \(shape), from_tap=(\(tap[0]), \(tap[1])))")[0]).lines.joined(separator: "\n")
    guard case .array(let outArray)? = interpreter.state.variables["o"], case .array(let inArray)? = interpreter.state.variables["xs"] else {
      Issue.record("no arrays")
      return
    }
    let o = try outArray.astype(.float64).elements(as: Double.self), x = try inArray.astype(.float64).elements(as: Double.self)
    let width = outArray.shape[1], inputWidth = inArray.shape[1]
    // The output grid's labels: (row, col) → the input it pairs with.
    let all = text.split(separator: "\n").map(String.init)
    let title = try #require(all.first { $0.contains("output (its input)") })
    let start = title.distance(from: title.startIndex, to: try #require(title.range(of: "output (its")).lowerBound)
    var paired: [[Int]: [Int]] = [:]
    for line in all where line.contains("│") && line.count > start {
      let right = String(line.dropFirst(start))
      guard let bar = right.firstIndex(of: "│"), let row = Int(right[..<bar].trimmingCharacters(in: .whitespaces)) else { continue }
      for (column, cell) in right[right.index(after: bar)...].split(separator: "│", omittingEmptySubsequences: false).dropLast().enumerated() {
        let partner = cell.trimmingCharacters(in: .whitespaces).split(separator: ",").compactMap { Int($0) }
        if partner.count == 2 { paired[[row, column]] = partner }
      }
    }
    #expect(!paired.isEmpty, "\(text)")
    for index in o.indices {
      let position = [index / width, index % width]
      let expected = paired[position].map { x[$0[0] * inputWidth + $0[1]] } ?? 0
      #expect(abs(o[index] - expected) < 1e-6, "\(layer) output \(position): \(o[index]) vs \(expected)")
    }
  }
}

/// numbers=True: the input's values in the cells, and the sum worked out with them — the
/// guide's Fig 1.1 (its 5×5 input and 3×3 kernel give 12 at the first output) and, on random
/// layers, a worked sum whose total is the layer's computed value.
@Suite("diagram numbers=True")
struct DiagramNumbersTests {
  @Test func theGuidesFigureOneOne() throws {
    let lines = try run("""
      x = np.array([[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]], dtype='float32').reshape(1, 5, 5, 1)
      l = Conv2D(1, 3, use_bias=False)
      y = l(x)
      l.set_weights([np.array([[0, 1, 2], [2, 2, 0], [0, 1, 2]], dtype='float32').reshape(3, 3, 1, 1)])
      diagram(l, x, at=(0, 0), numbers=True)
      """)
    let text = lines.joined(separator: "\n")
    #expect(text.contains("y[0, 0] = 3·0 + 3·1 + 2·2 + 0·2 + 0·2 + 1·0 + 3·0 + 1·1 + 2·2 = 12"), "\(text)")
    #expect(text.contains(" 0 │ 3 │ 3 │ 2 │ 1 │ 0 │"))
  }

  @Test func theWorkedSumIsTheValue() throws {
    for (layer, shape, at) in [
      ("Conv2D(1, 3, strides=2, padding='same')", "(1, 6, 5, 1)", "(1, 2)"),
      ("Conv1D(1, 3, dilation_rate=2, padding='causal')", "(1, 9, 1)", "(5,)"),
      ("torch.nn.Conv2d(1, 1, 3, padding=1)", "(1, 1, 4, 4)", "(0, 3)"),
      ("DepthwiseConv2D(2)", "(1, 4, 4, 1)", "(2, 1)"),
      ("AveragePooling2D(2, padding='same')", "(1, 5, 5, 1)", "(2, 2)"),
      ("torch.nn.AvgPool1d(3, stride=2, padding=1)", "(1, 1, 7)", "(0,)"),
    ] {
      let lines = try run("seed(4)\nx = rand\(shape).astype('float32')\nl = \(layer)\ndiagram(l, x, at=\(at), numbers=True)").joined(separator: "\n").split(separator: "\n")
      let worked = try #require(lines.first { $0.hasPrefix("y[") && !$0.contains("x[") }, "\(layer): \(lines)")
      let value = try #require(lines.first { $0.hasPrefix("value: ") })
      let total = try #require(Double(worked.components(separatedBy: " = ").last!.replacingOccurrences(of: "−", with: "-")), "\(worked)")
      let computed = try #require(Double(value.components(separatedBy: " = ")[1].split(separator: " ")[0]), "\(value)")
      #expect(abs(total - computed) < 2e-4 * max(1, abs(computed)), "\(layer): \(worked) vs \(value)")
    }
  }
}
