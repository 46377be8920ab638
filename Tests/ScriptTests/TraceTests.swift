import Arrays
import Testing

@testable import Script

/// trace() against one-hot runs: with all-ones kernels, input cell e feeds output cell o exactly
/// when the model's output on e is nonzero at o.
@Suite("trace(): the cells that feed a cell, against one-hot runs")
struct TraceTests {
  @Test(arguments: [
    (["Conv2D(1, 3, kernel_initializer='ones')", "Conv2DTranspose(1, 3, strides=2, kernel_initializer='ones')"], [7, 7]),
    (["Conv2D(1, 3, strides=2, padding='same', kernel_initializer='ones')", "UpSampling2D((2, 1))",
      "Conv2D(1, 2, dilation_rate=2, kernel_initializer='ones')"], [8, 6]),
    (["Conv2D(1, 2, kernel_initializer='ones')", "MaxPooling2D(2, padding='same')", "AveragePooling2D((3, 2), strides=1, padding='same')",
      "Conv2DTranspose(1, 2, strides=2, kernel_initializer='ones')"], [9, 8]),
    (["AveragePooling2D(3, strides=2)", "GlobalMaxPooling2D(keepdims=True)"], [7, 7]),
    (["ZeroPadding2D(((1, 0), (0, 2)))", "Conv2DTranspose(1, 2, strides=3, kernel_initializer='ones')", "Cropping2D(1)"], [4, 4]),
  ])
  func bothDirectionsMatchOneHotRuns(stack: [String], spatial: [Int]) throws {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    func run(_ source: String) throws { for statement in try Parser.parse(source) { _ = try interpreter.run(statement) } }
    func array(_ name: String) throws -> NDArray {
      guard case .array(let array)? = interpreter.state.variables[name] else { throw ScriptError(.runtime, "no \(name)", at: SourceRange(0, 0)) }
      return try array.astype(.float64)
    }
    let shape = "(1, \(spatial[0]), \(spatial[1]), 1)"
    try run("m = Sequential([\(stack.joined(separator: ", "))])\ny = m(np.zeros(\(shape)))")
    let output = Array(try array("y").shape.dropFirst().dropLast())
    let at = [output[0] / 2, output[1] / 2], from = [spatial[0] / 2, spatial[1] / 3]
    try run("back = trace(m, \(shape), at=(\(at[0]), \(at[1])))\nforward = trace(m, \(shape), from_input=(\(from[0]), \(from[1])))")
    let back = try array("back").elements(as: Double.self), forward = try array("forward").elements(as: Double.self)
    var mismatches: [String] = []
    for i in 0..<spatial[0] {
      for j in 0..<spatial[1] {
        try run("x = np.zeros(\(shape))\nx[0, \(i), \(j), 0] = 1\no = m(x)[0, :, :, 0]")
        let o = try array("o").elements(as: Double.self)
        if (o[at[0] * output[1] + at[1]] != 0) != (back[i * spatial[1] + j] == 1) { mismatches.append("at: input (\(i), \(j))") }
        if [i, j] == from, o.map({ $0 != 0 }) != forward.map({ $0 == 1 }) { mismatches.append("from_input: outputs differ") }
      }
    }
    #expect(mismatches.isEmpty, "\(stack): \(mismatches.prefix(5))")
    #expect(back.contains(1) && forward.contains(1), "something feeds the middle cell, and the input reaches something")
  }
}
