import Arrays
import Kernels
import Layers
import Tensors

/// `matrix(layer, input_shape)`: the guide's §4.1 view, a linear layer as the matrix C of its
/// unrolled form, `y.ravel() == C @ x.ravel() + b`. Made by running the layer once on every
/// unit input at once (a batch that is the identity), so it is the layer's own arithmetic,
/// whatever its padding, stride, dilation or interpolation.
extension Interpreter {
  /// Input or output elements (one sample) at most: C holds the product.
  static let maximumMatrixSide = 4096
  /// Multiply-adds of the unit-input pass at most.
  static let maximumMatrixWork = 1 << 30

  mutating func matrix(_ a: CallArguments) throws(ScriptError) -> Value {
    let target = try a.value(0, "layer")
    guard case .layer(var layer) = target.value else {
      throw ScriptError(.runtime, "matrix() takes a layer, got \(target.value.kindName)", at: target.range)
    }
    if case .convolution(let spec) = layer.operation, spec.activation != .linear {
      throw ScriptError(
        .runtime, "matrix(): \(layer.typeName) has activation='\(spec.activation.rawValue)', so it is not a matrix product; declare it without one",
        at: target.range)
    }
    if case .pool(let spec) = layer.operation, spec.reduction == .max {
      throw ScriptError(
        .runtime, "matrix(): \(layer.typeName) takes the max of each window, which no matrix product gives; average pooling is one (each output is a mean of its window)",
        at: target.range)
    }
    let found = try a.value(1, "input_shape")
    let given = try teachingInputShape(found)
    guard given.allSatisfy({ $0 != nil }), let batch = given.first else {
      throw ScriptError(.runtime, "matrix() needs every extent of the input shape, got \(describe(given))", at: found.range)
    }
    let sample = Array(given.dropFirst().map { $0! })
    let inputs = sample.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
    guard batch == 1, inputs <= Self.maximumMatrixSide else {
      throw ScriptError(
        .runtime, "matrix() draws one sample of at most \(Self.maximumMatrixSide) input elements; \(describe(given)) has batch \(batch) and \(inputs)",
        at: found.range)
    }
    // One forward pass per input element: bounded like a large statement, not left to run for
    // minutes (a big kernel on a 64 × 64 input would be 10¹⁰ multiply-adds).
    if let work = (try? layer.multiplyAdds(for: [1] + sample.map { Optional($0) })) ?? nil {
      let (total, overflow) = work.multipliedReportingOverflow(by: inputs + 1)
      guard !overflow, total <= Self.maximumMatrixWork else {
        throw ScriptError(
          .runtime, "matrix(): \(inputs) unit inputs through \(layer.typeName) is more than \(Self.maximumMatrixWork) multiply-adds; use a smaller input or kernel",
          at: found.range)
      }
    }
    do {
      // The unit inputs, and C, are bounded by the memory limit before they are made.
      try MemoryLimit.check(count: (inputs + 1) * inputs, shape: [inputs + 1] + sample, what: "matrix()'s unit inputs")
      // Row j of the batch is the unit input e_j; row `inputs` is zero, for the bias.
      var scalars = [Float](repeating: 0, count: (inputs + 1) * inputs)
      for j in 0..<inputs { scalars[j * inputs + j] = 1 }
      let units = try Tensor(shape: [inputs + 1] + sample, scalars: scalars)
      try checkInterrupted(a.range)
      let output = try layer(units, using: &state.generator)
      let outputs = output.count / (inputs + 1)
      guard outputs <= Self.maximumMatrixSide else {
        throw ScriptError(.runtime, "matrix(): the output has \(outputs) elements, more than \(Self.maximumMatrixSide)", at: found.range)
      }
      let values = output.scalars
      let bias = Array(values[(inputs * outputs)...])
      var matrix = [Float](repeating: 0, count: outputs * inputs)
      for j in 0..<inputs {
        for i in 0..<outputs { matrix[i * inputs + j] = values[j * outputs + i] - bias[i] }
      }
      symbolic(layer, matrix, outputs: outputs, inputs: inputs)
      if let name = a.names.first ?? nil, case .layer? = state.variables[name] {
        state.variables[name] = .layer(layer)  // a named layer keeps the weights it was built with
      }
      return .array(NDArray(try Tensor(shape: [outputs, inputs], scalars: matrix)))
    } catch let error as ScriptError {
      throw error
    } catch {
      throw ScriptError(.runtime, "matrix(): \(error)", at: found.range, cause: error)
    }
  }

  /// For a small single-channel convolution, C written with the kernel's taps (`w₀₁`), as the
  /// guide draws it; `·` for the zeros.
  private mutating func symbolic(_ layer: Layer, _ matrix: [Float], outputs: Int, inputs: Int) {
    guard outputs <= 16, inputs <= 25, case .convolution = layer.operation, let kernel = layer.weights.first,
      kernel.count == kernel.shape.dropLast(2).reduce(1, *)
    else { return }
    let taps = Array(kernel.shape.dropLast(2))
    let digits = Array("₀₁₂₃₄₅₆₇₈₉")
    func name(_ flat: Int) -> String {
      var rest = flat, index: [Int] = []
      for extent in taps.reversed() {
        index.insert(rest % extent, at: 0)
        rest /= extent
      }
      return "w" + index.map { $0 < 10 ? String(digits[$0]) : "_\($0)" }.joined()
    }
    let weights = kernel.scalars
    var rows: [[String]] = []
    for i in 0..<outputs {
      rows.append((0..<inputs).map { j in
        let value = matrix[i * inputs + j]
        if value == 0 { return "·" }
        return weights.firstIndex(of: value).map(name) ?? "?"
      })
    }
    let width = rows.flatMap { $0 }.map(\.count).max() ?? 1
    output.append(rows.map { row in row.map { $0.padding(width) }.joined(separator: " ").trimmingSpaces() }.joined(separator: "\n"))
  }
}
