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
        throw ScriptError(.runtime, "overlap(): \(layer.name) changes the number of spatial axes", at: found.range)
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
