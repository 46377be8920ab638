import Arrays
import Layers
import Tensors

/// `explain`, `diagram` and `animate`: the arithmetic behind a layer's output, in text.
extension Interpreter {
  /// The input a teaching function is about: a tensor, a symbolic `Input`, or a full shape
  /// (batch first, None for unknown extents).
  func teachingInputShape(_ found: (value: Value, range: SourceRange)) throws(ScriptError) -> [Int?] {
    switch found.value {
    case .array(let array): return array.shape.map { Optional($0) }
    case .symbolic(let symbolic): return symbolic.shape
    case .tuple, .list: return try Conversions.partialShape(found.value, what: "input shape", range: found.range)
    default:
      throw ScriptError(
        .runtime, "the input must be a tensor, an Input or a shape tuple such as (1, 8, 8, 3), got \(found.value.kindName)",
        at: found.range)
    }
  }

  mutating func explain(_ a: CallArguments) throws(ScriptError) -> Value {
    let target = try a.value(0, "layer")
    // Shape errors point at the input argument: that is what does not fit the layer.
    let errorRange = a.find(1, "input")?.range ?? a.range
    do {
      switch target.value {
      case .layer(let layer):
        let shape = try teachingInputShape(try a.value(1, "input"))
        var lines = try layer.explain(input: shape)
        if a.has(nil, "notation") {
          let notation = try a.string(nil, "notation")
          guard notation == "guide" || notation == "keras" else {
            throw ScriptError(.runtime, "explain(): notation is 'keras' (the layer's own arguments) or 'guide', got '\(notation)'", at: a.find(nil, "notation")!.range)
          }
          if notation == "guide" {
            lines += try layer.guideNotation(input: shape)
            // The guide's layer in each framework's arguments, and the output_padding that
            // inverts it for each input size it cannot tell apart.
            if let equivalents = try? layer.equivalents(input: shape) { lines += ["equivalent layers:"] + equivalents.dropFirst().map { "  " + $0 } }
          }
        }
        output.append(lines.joined(separator: "\n"))
      case .model(let model):
        let shape = a.has(1, "input") ? try teachingInputShape(try a.value(1, "input")) : nil
        output.append(try model.explain(input: shape).joined(separator: "\n"))
      default:
        throw ScriptError(.runtime, "explain() takes a layer or a Sequential model, got \(target.value.kindName)", at: target.range)
      }
    } catch let error as ScriptError {
      throw error
    } catch {
      throw ScriptError(.runtime, "explain(): \(error)", at: errorRange, cause: error)
    }
    return .none
  }
}

extension Interpreter {
  /// The layer a diagram is of (layers only: a model has no single picture).
  private func diagramLayer(_ a: CallArguments, function: String) throws(ScriptError) -> Layer {
    let target = try a.value(0, "layer")
    guard case .layer(let layer) = target.value else {
      throw ScriptError(.runtime, "\(function)() draws one layer, got \(target.value.kindName)", at: target.range)
    }
    return layer
  }

  /// One frame: the picture, the sum written out, and the value when the input holds data.
  private mutating func frame(_ layer: Layer, _ shape: [Int?], at position: [Int], output: Tensor?, numbers: Tensor? = nil) throws(LayerShapeError) -> [String] {
    let diagram = try layer.diagram(input: shape, at: position, values: numbers)
    outputStyles.merge(diagram.styles) { first, _ in first }
    var lines = diagram.lines
    let channels = layer.dataFormatChannels(of: shape) ?? 1
    lines.append(diagram.formula(layer, at: position, channels: channels))
    if let numbers, let sum = diagram.workedSum(layer, input: numbers, at: position) { lines.append(sum) }
    if let output, output.count == 0 {
      lines.append("value: none (the batch is empty)")
    } else if let output {
      let index = layer.dataFormatIsLast ? [0] + position + [0] : [0, 0] + position
      // In range: position is a cell of this output.
      let offset = zip(index, output.strides).reduce(0) { $0 + $1.0 * $1.1 }
      let value = NDArray(scalar: output.scalars[offset]).scalarString
      lines.append("value: y[\(index.map(String.init).joined(separator: ", "))] = \(value) (batch 0, channel 0)")
    }
    return lines
  }

  mutating func diagram(_ a: CallArguments) throws(ScriptError) -> Value {
    var layer = try diagramLayer(a, function: "diagram")
    let found = try a.value(1, "input")
    let shape = try teachingInputShape(found)
    if let (key, given) = [("from_input", a.find(nil, "from_input")), ("from_tap", a.find(nil, "from_tap"))].first(where: { $0.1 != nil }).map({ ($0.0, $0.1!) }) {
      guard !a.has(2, "at"), !(a.has(nil, "from_input") && a.has(nil, "from_tap")) else {
        throw ScriptError(.runtime, "diagram() takes one of at=, from_input= and from_tap=", at: given.range)
      }
      let cell = try Conversions.shape(given.value, what: key, range: given.range)
      do {
        let picture = key == "from_input" ? try layer.diagram(input: shape, fromInput: cell) : try layer.diagram(input: shape, fromTap: cell)
        outputStyles.merge(picture.styles) { first, _ in first }
        output.append(picture.lines.joined(separator: "\n"))
        try saveFigure(a, frames: [picture.lines])
      } catch let error as ScriptError {
        throw error
      } catch {
        throw ScriptError(.runtime, "diagram(): \(error)", at: given.range, cause: error)
      }
      return .none
    }
    do {
      var at = try layer.diagramOrigin(input: shape)
      if let given = a.find(2, "at") {
        at = try Conversions.shape(given.value, what: "at", range: given.range)
        do { _ = try layer.diagram(input: shape, at: at) } catch {
          throw ScriptError(.runtime, "diagram(): \(error)", at: given.range, cause: error)
        }
      }
      let result = try teachingOutput(&layer, found)
      var numbers: Tensor?
      if try a.bool(nil, "numbers", default: false) {
        guard case .array(let array) = found.value else {
          throw ScriptError(.runtime, "diagram(): numbers=True draws the input's values: give a tensor, not a shape", at: found.range)
        }
        numbers = try array.float32Tensor()
      }
      let lines = try frame(layer, shape, at: at, output: result, numbers: numbers)
      output.append(lines.joined(separator: "\n"))
      try saveFigure(a, frames: [lines])
    } catch let error as ScriptError {
      throw error
    } catch {
      throw ScriptError(.runtime, "diagram(): \(error)", at: found.range, cause: error)
    }
    return .none
  }

  /// `animate(layer, input)`: a diagram per output position, row by row. The text is the first,
  /// middle and last frames (what `convlab run` prints); the notebook steps through them all.
  mutating func animate(_ a: CallArguments) throws(ScriptError) -> Value {
    var layer = try diagramLayer(a, function: "animate")
    let found = try a.value(1, "input")
    let shape = try teachingInputShape(found)
    do {
      var input: Tensor?
      if case .array(let array) = found.value { input = try array.float32Tensor() }
      let frames = try animationFrames(&layer, shape, input: input)
      let shown = Set([0, (frames.count - 1) / 2, frames.count - 1]).sorted()
      output.append(shown.map { frames[$0].joined(separator: "\n") }.joined(separator: "\n"))
      // Layers the sliders can rebuild from their arguments (convolutions and pooling).
      let live = layer.configuration.isEmpty ? nil : LiveAnimation(layer: layer, shape: shape, input: input)
      // The notebook's frames carry the arithmetic the sliders redraw.
      panel = .animation(frames: (try? live?.render().frames) ?? frames, live: live)
      try saveFigure(a, frames: frames)
    } catch let error as ScriptError {
      throw error
    } catch {
      throw ScriptError(.runtime, "animate(): \(error)", at: found.range, cause: error)
    }
    return .none
  }

  static let maximumFrames = 256

  /// A diagram per output position, row by row, each titled (what animate shows and live
  /// animation redraws).
  mutating func animationFrames(_ layer: inout Layer, _ shape: [Int?], input: Tensor?, numbers: Bool = false) throws -> [[String]] {
    let positions = try layer.diagramPositions(input: shape, limit: Self.maximumFrames)
    let result = try input.map { try layer($0, using: &state.generator) }
    var frames: [[String]] = []
    for (index, at) in positions.enumerated() {
      if Interruption.isRequested { throw ScriptError(.interrupted, "interrupted", at: SourceRange(0, 0)) }
      let title = "frame \(index + 1) of \(positions.count): output \(Diagram.positionText(at))"
      frames.append([title] + (try frame(layer, shape, at: at, output: result, numbers: numbers ? input : nil)))
    }
    return frames
  }

  /// `save=`: the picture (every frame of an animation) as a standalone SVG, written atomically,
  /// with the same cells, colours and labels as the text.
  mutating func saveFigure(_ a: CallArguments, frames: [[String]]) throws(ScriptError) {
    guard let found = a.find(nil, "save"), !found.value.isNone else { return }
    try requireFiles(a)
    let (path, resolved) = try writablePath(found, suffix: ".svg", example: "figure.svg", a)
    let (svg, cells) = SVGFigure.render(frames: frames, styles: outputStyles)
    do { try AtomicFile.write(Array(svg.utf8), to: resolved) } catch {
      throw ScriptError(.runtime, "\(a.function)(): cannot write \(path): \(error.reason)", at: found.range)
    }
    state.fileFingerprints[resolved] = FileFingerprint.of(resolved)
    let what = frames.count > 1 ? "\(frames.count) frames, \(cells / frames.count) cells each" : "\(cells) cells"
    output.append("saved \(path) (SVG, \(what))")
  }

  /// The layer's output on the input when it holds data (building the layer if needed).
  private mutating func teachingOutput(_ layer: inout Layer, _ found: (value: Value, range: SourceRange)) throws -> Tensor? {
    guard case .array(let array) = found.value else { return nil }
    return try layer(try array.float32Tensor(), using: &state.generator)
  }
}
