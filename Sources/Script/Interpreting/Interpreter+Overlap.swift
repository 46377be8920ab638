import Arrays
import Layers
import Tensors

/// `overlap(layer_or_model, input_shape)`: how many kernel stamps reach each output cell.
extension Interpreter {
  func overlap(_ a: CallArguments) throws(ScriptError) -> Value {
    let target = try a.value(0, "layer")
    let layers: [Layer]
    switch target.value {
    case .layer(let layer): layers = [layer]
    case .model(let model): layers = model.layers
    default: throw ScriptError(.runtime, "overlap() takes a layer or a Sequential model, got \(target.value.kindName)", at: target.range)
    }
    guard let first = layers.first else { throw ScriptError(.runtime, "overlap(): the model has no layers", at: target.range) }
    let found = try a.value(1, "input_shape")
    var shape = try teachingInputShape(found)
    let spatial = first.dataFormatIsLast ? Array(shape.dropFirst().dropLast()) : Array(shape.dropFirst(2))
    guard var counts = Overlap(spatial: spatial) else {
      throw ScriptError(.runtime, "overlap() needs every spatial size of the input, got \(describe(shape))", at: found.range)
    }
    for layer in layers {
      guard let next = counts.after(layer, input: shape) else {
        do { _ = try layer.outputShape(for: shape) } catch { throw ScriptError(.runtime, "overlap(): \(error)", at: found.range, cause: error) }
        throw ScriptError(.runtime, "overlap(): \(layer.name) is too large to count cell by cell (more than \(ReceptiveSpans.maximumCells) cells or \(ReceptiveSpans.maximumReads) cell pairs on an axis)", at: found.range)
      }
      counts = next
      do { shape = try layer.outputShape(for: shape) } catch { throw ScriptError(.runtime, "overlap(): \(error)", at: found.range, cause: error) }
    }
    // The grid: each cell the product of its axes' counts.
    var grid: [Int64] = [1]
    for axis in counts.counts { grid = grid.flatMap { value in axis.map { value * Int64($0) } } }
    return .array(try! NDArray(shape: counts.counts.map(\.count), elements: grid))
  }
}

/// `trace(layer_or_model, input_shape, at=cell)` and `trace(…, from_input=cell)`.
extension Interpreter {
  func trace(_ a: CallArguments) throws(ScriptError) -> Value {
    let target = try a.value(0, "layer")
    let layers: [Layer]
    switch target.value {
    case .layer(let layer): layers = [layer]
    case .model(let model): layers = model.layers
    default: throw ScriptError(.runtime, "trace() takes a layer or a Sequential model, got \(target.value.kindName)", at: target.range)
    }
    guard let first = layers.first else { throw ScriptError(.runtime, "trace(): the model has no layers", at: target.range) }
    let found = try a.value(1, "input_shape")
    var shape = try teachingInputShape(found)
    let spatial = first.dataFormatIsLast ? Array(shape.dropFirst().dropLast()) : Array(shape.dropFirst(2))
    guard var dependencies = Dependencies(spatial: spatial) else {
      throw ScriptError(.runtime, "trace() needs every spatial size of the input, got \(describe(shape))", at: found.range)
    }
    for layer in layers {
      do { _ = try layer.outputShape(for: shape) } catch { throw ScriptError(.runtime, "trace(): \(error)", at: found.range, cause: error) }
      guard let next = dependencies.after(layer, input: shape) else {
        throw ScriptError(.runtime, "trace(): \(layer.name) is too large to trace cell by cell (more than \(ReceptiveSpans.maximumCells) cells or \(ReceptiveSpans.maximumReads) cell pairs on an axis)", at: found.range)
      }
      dependencies = next
      shape = try! layer.outputShape(for: shape)
    }
    let inputSizes = spatial.map { $0! }, outputSizes = dependencies.cells.map(\.count)
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
    let extents = forward ? inputSizes : outputSizes
    var grid: [Int64] = [1]
    for (axis, extent) in extents.enumerated() {
      grid = grid.flatMap { value in (0..<extent).map { value * (marked[axis].contains($0) ? 1 : 0) } }
    }
    return .array(try! NDArray(shape: extents, elements: grid))
  }
}
