import Arrays
import Layers
import Tensors

/// `overlap` and `trace`: per-axis values composed cell by cell through a layer or a model.
extension Interpreter {
  /// The layers a cell-by-cell tool walks, and the input's full and spatial shapes.
  private func cellStack(_ a: CallArguments, _ function: String) throws(ScriptError)
    -> (layers: [Layer], shape: [Int?], spatial: [Int?], range: SourceRange)
  {
    let target = try a.value(0, "layer")
    let layers: [Layer]
    switch target.value {
    case .layer(let layer): layers = [layer]
    case .model(let model): layers = model.layers
    default: throw ScriptError(.runtime, "\(function)() takes a layer or a Sequential model, got \(target.value.kindName)", at: target.range)
    }
    guard let first = layers.first else { throw ScriptError(.runtime, "\(function)(): the model has no layers", at: target.range) }
    let found = try a.value(1, "input_shape")
    let shape = try teachingInputShape(found)
    let spatial = first.dataFormatIsLast ? Array(shape.dropFirst().dropLast()) : Array(shape.dropFirst(2))
    return (layers, shape, spatial, found.range)
  }

  /// Walks `start` through the layers with `step`; errors name the layer that cannot take it.
  private func walk<State>(
    _ stack: (layers: [Layer], shape: [Int?], spatial: [Int?], range: SourceRange), _ function: String, start: State?,
    _ step: (State, Layer, [Int?]) -> State?
  ) throws(ScriptError) -> State {
    guard var state = start else {
      throw ScriptError(.runtime, "\(function)() needs every spatial size of the input, got \(describe(stack.shape))", at: stack.range)
    }
    var shape = stack.shape
    for layer in stack.layers {
      let output: [Int?]
      do { output = try layer.outputShape(for: shape) } catch { throw ScriptError(.runtime, "\(function)(): \(error)", at: stack.range, cause: error) }
      guard let next = step(state, layer, shape) else {
        throw ScriptError(
          .runtime,
          "\(function)(): \(layer.name) is too large to work out cell by cell (more than \(ReceptiveSpans.maximumCells) cells or \(ReceptiveSpans.maximumReads) cell pairs on an axis)",
          at: stack.range)
      }
      state = next
      shape = output
    }
    return state
  }

  /// Cells a trace or overlap grid holds at most: a teaching picture, not a 60,000² array.
  static let maximumGridCells = 1 << 24

  /// The grid over `extents`: each cell the product of its axes' values. Bounded before it is
  /// made, by `maximumGridCells` and the memory limit.
  private func grid(_ extents: [Int], _ function: String, range: SourceRange, _ value: (Int, Int) -> Int64) throws(ScriptError) -> Value {
    var count = 1
    for extent in extents {
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      guard !overflow, product <= Self.maximumGridCells else {
        throw ScriptError(
          .runtime, "\(function)(): a grid of \(extents.map(String.init).joined(separator: " × ")) cells is more than \(Self.maximumGridCells); use a smaller input",
          at: range)
      }
      count = product
    }
    do { try MemoryLimit.check(count: count, itemSize: 8, shape: extents, what: "the \(function) grid") } catch {
      throw ScriptError(.runtime, "\(function)(): \(error)", at: range, cause: error)
    }
    var cells: [Int64] = [1]
    for (axis, extent) in extents.enumerated() { cells = cells.flatMap { product in (0..<extent).map { product * value(axis, $0) } } }
    return .array(try! NDArray(shape: extents, elements: cells))
  }

  /// `overlap(layer_or_model, input_shape)`: how many kernel stamps reach each output cell.
  func overlap(_ a: CallArguments) throws(ScriptError) -> Value {
    let stack = try cellStack(a, "overlap")
    let counts = try walk(stack, "overlap", start: Overlap(spatial: stack.spatial)) { $0.after($1, input: $2) }
    return try grid(counts.counts.map(\.count), "overlap", range: stack.range) { axis, index in Int64(counts.counts[axis][index]) }
  }

  /// `trace(layer_or_model, input_shape, at=cell)` and `trace(…, from_input=cell)`.
  func trace(_ a: CallArguments) throws(ScriptError) -> Value {
    let stack = try cellStack(a, "trace")
    let dependencies = try walk(stack, "trace", start: Dependencies(spatial: stack.spatial)) { $0.after($1, input: $2) }
    let inputSizes = stack.spatial.map { $0! }, outputSizes = dependencies.cells.map(\.count)
    let forward = a.has(2, "at"), backward = a.has(nil, "from_input")
    guard forward != backward else {
      throw ScriptError(.runtime, "trace() takes one of at= (an output cell) or from_input= (an input cell)", at: a.range)
    }
    let key = forward ? "at" : "from_input"
    let given = try a.value(forward ? 2 : nil, key)
    let cell = try Conversions.shape(given.value, what: key, range: given.range)
    let sizes = forward ? outputSizes : inputSizes
    guard cell.count == sizes.count, zip(cell, sizes).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
      throw ScriptError(.runtime, "trace(): \(key) must be one of the \(describe(sizes.map { Optional($0) })) cells, got \(cell)", at: given.range)
    }
    // Per axis, the cells marked: the output's dependencies, or the outputs whose include the input.
    let marked: [Set<Int>] = dependencies.cells.enumerated().map { axis, perOutput in
      forward ? Set(perOutput[cell[axis]]) : Set(perOutput.indices.filter { perOutput[$0].contains(cell[axis]) })
    }
    return try grid(forward ? inputSizes : outputSizes, "trace", range: stack.range) { axis, index in marked[axis].contains(index) ? 1 : 0 }
  }
}
