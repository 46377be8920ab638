/// One convolution to compute, described for the kernels.
///
/// Layout is channels-last with three spatial axes (depth, rows, cols); 1-D and 2-D problems
/// use extent 1 for the leading spatial axes. Arrays have three entries, one per spatial axis.
///
/// - input: `(batch, inputSize…, inputChannels)`
/// - output: `(batch, outputSize…, outputChannels)`
/// - weights, by kind:
///   - standard: `(kernel…, inputChannels / groups, outputChannels)` (Keras's layout)
///   - transposed: `(kernel…, inputChannels, outputChannels / groups)`
///   - depthwise: `(kernel…, inputChannels, multiplier)`, output channel `c·multiplier + j`
///
/// `offset` places the window: for a forward convolution output `o` reads input
/// `o·stride − offset + tap·dilation` (offset = padding before); for a transposed one input `i`
/// feeds output `i·stride − offset + tap·dilation` (offset = crop before).
public struct ConvolutionProblem: Sendable, Equatable {
  public enum Kind: Sendable { case standard, transposed, depthwise }

  public var kind: Kind
  public var batch: Int
  public var inputSize: [Int]
  public var outputSize: [Int]
  public var kernelSize: [Int]
  public var strides: [Int]
  public var dilations: [Int]
  public var offset: [Int]
  public var inputChannels: Int
  public var outputChannels: Int
  public var groups: Int

  public init(
    kind: Kind, batch: Int, inputSize: [Int], outputSize: [Int], kernelSize: [Int], strides: [Int],
    dilations: [Int], offset: [Int], inputChannels: Int, outputChannels: Int, groups: Int = 1
  ) {
    func three(_ values: [Int], fill: Int) -> [Int] {
      Array(repeating: fill, count: 3 - values.count) + values
    }
    self.kind = kind
    self.batch = batch
    self.inputSize = three(inputSize, fill: 1)
    self.outputSize = three(outputSize, fill: 1)
    self.kernelSize = three(kernelSize, fill: 1)
    self.strides = three(strides, fill: 1)
    self.dilations = three(dilations, fill: 1)
    self.offset = three(offset, fill: 0)
    self.inputChannels = inputChannels
    self.outputChannels = outputChannels
    self.groups = groups
  }

  var inputPixels: Int { inputSize.reduce(1, *) }
  var outputPixels: Int { outputSize.reduce(1, *) }
  var taps: Int { kernelSize.reduce(1, *) }
  public var outputCount: Int { batch * outputPixels * outputChannels }

  /// `multiplyAdds` for a problem planned from user input: nil when it passes `Int.max`.
  public var checkedMultiplyAdds: Int? {
    // Factor by factor: even the pixel counts may pass Int.max.
    let pixels = kind == .transposed ? inputSize : outputSize
    let channels = kind == .transposed
      ? [inputChannels, outputChannels / groups] : [outputChannels, kind == .depthwise ? 1 : inputChannels / groups]
    let factors = [batch] + pixels + kernelSize + channels
    if factors.contains(0) { return 0 }
    var product = 1
    for factor in factors {
      let (next, overflow) = product.multipliedReportingOverflow(by: factor)
      if overflow { return nil }
      product = next
    }
    return product
  }

  /// Multiply-adds, as `summary()` and benchmarks count them.
  public var multiplyAdds: Int {
    switch kind {
    case .standard: return batch * outputPixels * outputChannels * taps * (inputChannels / groups)
    case .transposed: return batch * inputPixels * inputChannels * taps * (outputChannels / groups)
    case .depthwise: return batch * outputPixels * outputChannels * taps
    }
  }
}
