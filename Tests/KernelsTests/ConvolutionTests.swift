import Foundation
import TestSupport
import Testing
import Tensors

@testable import Kernels

@Suite("Production convolution agrees with the reference loops")
struct ConvolutionTests {
  /// A random but valid problem of `kind`, from a seeded generator; `sizes` gives the range of
  /// input sizes per axis for a problem of rank 1, 2 or 3.
  static func problem(
    _ kind: ConvolutionProblem.Kind, seed: UInt32, sizes: (_ rank: Int) -> ClosedRange<Int> = { _ in 1...7 }
  ) -> ConvolutionProblem {
    var random = RandomGenerator(seed: seed)
    func pick(_ range: ClosedRange<Int>) -> Int {
      range.lowerBound + Int(random.nextUInt32() % UInt32(range.count))
    }
    let rank = pick(1...3)
    let groups = kind == .depthwise ? 1 : [1, 1, 2, 3][pick(0...3)]
    let inputChannels = groups * pick(1...3)
    let outputChannels = kind == .depthwise ? inputChannels * pick(1...3) : groups * pick(1...3)
    var inputSize: [Int] = [], outputSize: [Int] = [], kernel: [Int] = [], strides: [Int] = []
    var dilations: [Int] = [], offset: [Int] = []
    for _ in 0..<rank {
      let n = pick(sizes(rank)), k = pick(1...3), s = pick(1...3), d = s == 1 ? pick(1...2) : 1
      let window = d * (k - 1) + 1
      let before = pick(0...(window - 1))
      inputSize.append(n)
      kernel.append(k)
      strides.append(s)
      dilations.append(d)
      offset.append(before)
      if kind == .transposed {
        outputSize.append((n - 1) * s + window - before + pick(0...(s - 1)))
      } else {
        outputSize.append(max(1, (n + before + pick(0...(window - 1)) - window) / s + 1))
      }
    }
    return ConvolutionProblem(
      kind: kind, batch: pick(1...2), inputSize: inputSize, outputSize: outputSize, kernelSize: kernel,
      strides: strides, dilations: dilations, offset: offset, inputChannels: inputChannels,
      outputChannels: outputChannels, groups: groups)
  }

  /// Whether this run may use `isa`'s kernels: the CPU has the unit and `CONVLAB_MAX_ISA` does
  /// not cap it away (the portable ones run everywhere).
  static func canRun(_ isa: InstructionSet) -> Bool {
    isa.isSupported && isa.width <= InstructionSet.best.width
  }

  /// Random input, weights and bias for `p`.
  static func operands(_ p: ConvolutionProblem, _ random: inout RandomGenerator) throws
    -> (input: [Float], weights: [Float], bias: [Float])
  {
    (
      try Tensor.randn([p.batch * p.inputSize.reduce(1, *) * p.inputChannels], using: &random).scalars,
      try Tensor.randn([weightCount(p)], using: &random).scalars,
      try Tensor.randn([p.outputChannels], using: &random).scalars
    )
  }

  static func weightCount(_ p: ConvolutionProblem) -> Int {
    let taps = p.kernelSize.reduce(1, *)
    switch p.kind {
    case .standard: return taps * p.inputChannels / p.groups * p.outputChannels
    case .transposed: return taps * p.inputChannels * p.outputChannels / p.groups
    case .depthwise: return taps * p.outputChannels
    }
  }

  @Test(arguments: [ConvolutionProblem.Kind.standard, .transposed, .depthwise], Array(UInt32(0)..<200))
  func matchesReference(kind: ConvolutionProblem.Kind, seed: UInt32) throws {
    let p = Self.problem(kind, seed: seed)
    var random = RandomGenerator(seed: seed + 1000)
    let (input, weights, bias) = try Self.operands(p, &random)
    let expected = ReferenceConvolution.run(p, input: input, weights: weights, bias: bias)
    let actual = Convolution.run(p, input: input, weights: weights, bias: bias)
    expectClose(actual, expected, .scaled(1e-5), "\(p)")
  }

  static func gemmPath(_ isa: InstructionSet) throws {
    for seed in UInt32(0)..<200 {
      var p = Self.problem(.standard, seed: seed &+ 5000)
      // Wider channels than the generic generator so panels and tails are exercised.
      var random = RandomGenerator(seed: seed)
      p.outputChannels = p.groups * (1 + Int(random.nextUInt32() % 40))
      let (input, weights, bias) = try Self.operands(p, &random)
      let expected = ReferenceConvolution.run(p, input: input, weights: weights, bias: bias)
      let actual = GEMMConvolution.run(p, input: input, weights: weights, bias: bias, activation: .linear, instructionSet: isa)
      expectClose(actual, expected, .scaled(1e-4), "seed \(seed): \(p)")
    }
  }

  /// A problem with real channel counts, so the blocked GEMM cuts K into several slices, M into
  /// several row blocks and N into several panel runs, with edge tiles on every side.
  static func wideProblem(_ kind: ConvolutionProblem.Kind, seed: UInt32) -> ConvolutionProblem {
    var random = RandomGenerator(seed: seed)
    func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.nextUInt32() % UInt32(range.count)) }
    var p = problem(kind, seed: seed)
    let groups = kind == .standard ? [1, 1, 1, 2, 4][pick(0...4)] : 1
    p.groups = groups
    p.inputChannels = groups * pick(1...300)
    p.outputChannels = groups * pick(1...70)
    return p
  }

  static func blockedGEMMWithManyChannels(_ isa: InstructionSet, kind: ConvolutionProblem.Kind) throws {
    for seed in UInt32(0)..<25 {
      let p = Self.wideProblem(kind, seed: seed &+ 9000)
      var random = RandomGenerator(seed: seed)
      let (input, weights, bias) = try Self.operands(p, &random)
      let expected = ReferenceConvolution.run(p, input: input, weights: weights, bias: bias).map { max($0, 0) }
      let cache = WeightCache()
      for call in 0..<2 {  // the second call reuses the packed weights
        let actual = kind == .standard
          ? GEMMConvolution.run(p, input: input, weights: weights, bias: bias, activation: .relu, instructionSet: isa, cache: cache)
          : TransposedGEMM.run(p, input: input, weights: weights, bias: bias, activation: .relu, instructionSet: isa, cache: cache)
        expectClose(actual, expected, .scaled(1e-4), "seed \(seed), call \(call): \(p)")
      }
    }
  }

  /// Short kernel rows: A is read through row pointers (into the input, or into zero-padded
  /// copies at the borders) instead of being gathered. Sizes big enough for several row blocks
  /// and edge tiles, widths that leave partial panels, padding on every side. A third are
  /// 3×3×3 kernels over a few channels (10–21 at a 256-float slice), whose K takes several
  /// slices of whole kernel rows, and a third 3-wide kernel rows over a sixth of a slice's
  /// channels up to a whole slice (dilated or not), read one tap at a time; a quarter have more channels than a slice (two or three slices' worth),
  /// each tap read as that many runs.
  static func indirectGEMM(_ isa: InstructionSet) throws {
    var indirect = 0, sliced = 0, perTap = 0, split = 0
    for seed in UInt32(0)..<80 {
      var p = Self.problem(.standard, seed: seed &+ 15000)
      var random = RandomGenerator(seed: seed)
      func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.nextUInt32() % UInt32(range.count)) }
      p.groups = 1
      let slice = BlockedGEMM.sliceDepth(columns: isa.tileKernel.columns)  // a tap of up to this many channels
      p.inputChannels = [pick(1...4), pick((slice / 27 + 1)...(slice / 27 + 12)), pick((slice / 6 + 1)...slice)][Int(seed % 3)]
      p.outputChannels = pick(1...70)
      if seed >= 60 {
        // More channels than a slice: 2 or 3 runs per tap.
        p.inputChannels = pick(2...3) * pick((slice / 2 + 1)...slice)
        p.outputChannels = pick(1...24)
        p.inputSize = p.inputSize.map { min($0, 7) }
      }
      // Larger windows keep the offsets drawn for smaller ones valid.
      if seed % 3 == 1 { p.kernelSize = [3, 3, 3] }
      if seed % 3 == 2 { p.kernelSize[2] = 3 }
      // (A spill for a block's whole K stays within 8 MiB: up to 16384 floats of K.)
      if seed >= 60 && p.kernelSize.reduce(1, *) * p.inputChannels > 16_384 { p.kernelSize[0] = 1 }
      if seed % 3 != 0 { p.inputSize = p.inputSize.map { max($0, 5) } }
      p.inputSize = p.inputSize.map { $0 + pick(0...12) }
      if seed % 3 != 2 { p.dilations[2] = 1 }
      p.outputSize = (0..<3).map { axis in
        let window = p.dilations[axis] * (p.kernelSize[axis] - 1) + 1
        return max(1, (p.inputSize[axis] + 2 * p.offset[axis] - window) / p.strides[axis] + 1)
      }
      // (Not sigmoid on the many-channel sums: their float32 rounding, of the sums' scale, ~1e2,
      // would pass through its slope into outputs of scale 1.)
      let activation: Activation = seed % 3 == 0 || seed >= 60 ? .relu : seed % 3 == 1 ? .linear : .sigmoid
      let kernel = isa.tileKernel
      if let runs = GEMMConvolution.indirectShape(GEMMConvolution.Gather(p), kernel: kernel) {
        indirect += 1
        if runs.perTap && seed < 60 { perTap += 1 }
        if runs.parts > 1 { split += 1 }
      }
      if seed % 3 == 1 && p.taps * p.inputChannels > BlockedGEMM.sliceDepth(columns: kernel.columns) { sliced += 1 }
      let (input, weights, bias) = try Self.operands(p, &random)
      var expected = ReferenceConvolution.run(p, input: input, weights: weights, bias: bias)
      expected.withUnsafeMutableBufferPointer { activation.apply(to: $0, lastAxis: p.outputChannels) }
      let actual = GEMMConvolution.run(p, input: input, weights: weights, bias: bias, activation: activation, instructionSet: isa)
      // The many-channel sums run to thousands of products (27·470), whose float32 rounding
      // is of the sums' scale, not of each small element: held to 1e-4 of the output's scale.
      expectClose(actual, expected, seed >= 60 ? .ofScale(1e-4) : .scaled(1e-4), "seed \(seed): \(p)")
    }
    #expect(indirect == 80, "every problem here takes the indirect path")
    #expect(sliced >= 20, "the 3×3×3 problems' K spans several slices")
    #expect(perTap == 20, "the many-channel problems run one tap at a time")
    #expect(split == 20, "taps with more channels than a slice are read as several runs")
  }

  static func transposedWithStrideEqualToKernel(_ isa: InstructionSet) throws {
    for seed in UInt32(0)..<20 {
      var p = Self.wideProblem(.transposed, seed: seed &+ 12000)
      var random = RandomGenerator(seed: seed)
      p.kernelSize = p.kernelSize.map { _ in 1 + Int(random.nextUInt32() % 3) }
      p.strides = p.kernelSize
      p.dilations = [1, 1, 1]
      p.offset = [0, 0, 0]
      p.outputSize = zip(p.inputSize, p.strides).map(*)
      p.inputChannels = 1 + Int(random.nextUInt32() % 64)
      p.outputChannels = 32 * (1 + Int(random.nextUInt32() % 2))  // whole tiles of either width
      let (input, weights, bias) = try Self.operands(p, &random)
      let expected = ReferenceConvolution.run(p, input: input, weights: weights, bias: bias).map { max($0, 0) }
      let actual = TransposedGEMM.run(p, input: input, weights: weights, bias: bias, activation: .relu, instructionSet: isa)
      expectClose(actual, expected, .scaled(1e-4), "seed \(seed): \(p)")
    }
  }

  static func groupedRowKernel(_ isa: InstructionSet) throws {
    for seed in UInt32(0)..<60 {
      var random = RandomGenerator(seed: seed &+ 31)
      let depthwise = seed % 4 == 0
      var p = Self.problem(depthwise ? .depthwise : .standard, seed: seed &+ 15000)
      let width = depthwise ? 1 : [1, 2, 4, 8][Int(random.nextUInt32() % 4)]
      // Channel counts that reach the 32-lane blocks, the 8-lane blocks and the scalar tail.
      let groups = 2 + Int(random.nextUInt32() % 24)
      p.groups = depthwise ? 1 : groups
      p.inputChannels = width * groups
      p.outputChannels = width * groups
      #expect(GroupedConvolution.groupWidth(p) == width)
      let (input, weights, bias) = try Self.operands(p, &random)
      let expected = ReferenceConvolution.run(p, input: input, weights: weights, bias: bias).map { max($0, 0) }
      let actual = GroupedConvolution.run(p, input: input, weights: weights, bias: bias, activation: .relu, instructionSet: isa)
      expectClose(actual, expected, .scaled(1e-4), "seed \(seed): \(p)")
    }
  }

  /// The fused separable path (each GEMM block computes its own depthwise rows) against the
  /// reference depthwise followed by the reference 1×1, with images big enough for several row
  /// blocks (of whole rows, or within rows wider than a block), channels up to a full K slice.
  static func fusedSeparable(_ isa: InstructionSet) throws {
    let kernel = isa.tileKernel, slice = BlockedGEMM.sliceDepth(columns: kernel.columns)
    var midRowBlocks = 0, wholeRowBlocks = 0
    for seed in UInt32(0)..<45 {
      var random = RandomGenerator(seed: seed &+ 22000)
      func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.nextUInt32() % UInt32(range.count)) }
      // Images big enough for several row blocks: rows wider than a block, or several per block.
      var dp = Self.problem(.depthwise, seed: seed &+ 21000) { rank in rank == 1 ? 40...300 : 6...21 }
      // Every fifth seed has a depth multiplier of 2 or 4 (read in place by the row kernel).
      let multiplier = seed % 5 == 4 ? [2, 4][Int(seed / 5 % 2)] : 1
      let picked = [pick(1...9), pick(10...64), pick(65...slice)][Int(seed % 3)]
      let channels = max(multiplier, picked / multiplier * multiplier)
      (dp.inputChannels, dp.outputChannels) = (channels / multiplier, channels)
      let pointwise = ConvolutionProblem(
        kind: .standard, batch: dp.batch, inputSize: dp.outputSize, outputSize: dp.outputSize, kernelSize: [1, 1, 1],
        strides: [1, 1, 1], dilations: [1, 1, 1], offset: [0, 0, 0], inputChannels: channels,
        outputChannels: pick(1...40))
      let input = try Tensor.randn([dp.batch * dp.inputPixels * dp.inputChannels], using: &random).scalars
      let depthwiseWeights = try Tensor.randn([dp.taps * channels], using: &random).scalars
      let pointwiseWeights = try Tensor.randn([channels * pointwise.outputChannels], using: &random).scalars
      let bias = try Tensor.randn([pointwise.outputChannels], using: &random).scalars
      let middle = ReferenceConvolution.run(dp, input: input, weights: depthwiseWeights, bias: nil)
      let expected = ReferenceConvolution.run(pointwise, input: middle, weights: pointwiseWeights, bias: bias)
        .map { max($0, 0) }
      let actual = try #require(
        GEMMConvolution.runSeparable(
          dp, input: input, depthwiseWeights: depthwiseWeights, outputChannels: pointwise.outputChannels,
          pointwiseWeights: pointwiseWeights, bias: bias, activation: .relu, instructionSet: isa),
        "multipliers 1, 2 and 4 within a slice are fused: \(dp)")
      expectClose(actual, expected, .scaled(1e-4), "seed \(seed): \(dp)")
      // Row blocks as BlockedGEMM.run cuts them for this A: whole image rows when a block holds
      // one, else blocks within a row that start and end mid-row.
      let rows = dp.batch * dp.outputPixels, width = dp.outputSize[2]
      let block = BlockedGEMM.Blocking.slicingK(
        BlockedGEMM.Shape(m: rows, n: pointwise.outputChannels, k: channels, groups: 1), kernel: kernel,
        alignment: width).mc
      if rows > block {
        if block % width == 0 { wholeRowBlocks += 1 } else { midRowBlocks += 1 }
      }
    }
    #expect(midRowBlocks >= 8 && wholeRowBlocks >= 8, "blocks mid-row: \(midRowBlocks), of whole rows: \(wholeRowBlocks)")
    // A depth multiplier the row kernel does not read in place (3), or more channels than a
    // slice, takes the two-pass path.
    let p = ConvolutionProblem(
      kind: .depthwise, batch: 1, inputSize: [1, 4, 4], outputSize: [1, 4, 4], kernelSize: [1, 3, 3],
      strides: [1, 1, 1], dilations: [1, 1, 1], offset: [0, 1, 1], inputChannels: 2, outputChannels: 6)
    #expect(GEMMConvolution.runSeparable(
      p, input: [], depthwiseWeights: [], outputChannels: 1, pointwiseWeights: [], bias: nil, activation: .linear,
      instructionSet: isa) == nil)
    var wide = p
    (wide.inputChannels, wide.outputChannels) = (slice + 1, slice + 1)
    #expect(GEMMConvolution.runSeparable(
      wide, input: [], depthwiseWeights: [], outputChannels: 1, pointwiseWeights: [], bias: nil, activation: .linear,
      instructionSet: isa) == nil)
  }

  @Test(.disabled(if: ProcessInfo.processInfo.environment["CONVLAB_MAX_ISA"] != nil, "CONVLAB_MAX_ISA caps the unit"))
  func choosesTheWidestUnitTheCPUReports() throws {
    let flags = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
    let words = Set(flags.split(whereSeparator: \.isWhitespace))
    let expected: InstructionSet =
      words.contains("avx512f") ? .avx512 : (words.contains("avx2") && words.contains("fma") ? .avx2 : .portable)
    #expect(InstructionSet.best == expected)
  }

  @Test func fusesTheActivation() {
    let p = ConvolutionProblem(
      kind: .standard, batch: 1, inputSize: [3], outputSize: [3], kernelSize: [1], strides: [1],
      dilations: [1], offset: [0], inputChannels: 1, outputChannels: 1)
    let output = Convolution.run(p, input: [-2, 0.5, 4], weights: [2], bias: [1], activation: .relu)
    #expect(output == [0, 2, 9])
  }

  @Test func transposedStampsTheKernel() {
    // One input cell of 1 with stride 2: the output is the kernel itself, spaced by nothing.
    let p = ConvolutionProblem(
      kind: .transposed, batch: 1, inputSize: [2], outputSize: [5], kernelSize: [3], strides: [2],
      dilations: [1], offset: [0], inputChannels: 1, outputChannels: 1)
    let output = Convolution.run(p, input: [1, 10], weights: [1, 2, 3], bias: nil)
    #expect(output == [1, 2, 13, 20, 30])
  }
}

extension ConvolutionTests {
  /// The one-pass rows × cols resize against the axis-by-axis one, bit for bit: random sizes
  /// (up and down), channels and every interpolation.
  static func resamplePlane(_ isa: InstructionSet) throws {
    var random = RandomGenerator(seed: 77)
    for trial in 0..<24 {
      let method = Resampling.Interpolation.allCases[trial % Resampling.Interpolation.allCases.count]
      let planes = 1 + Int(random.nextUInt32() % 3), channels = 1 + Int(random.nextUInt32() % 40)
      let inputSize = [1, 2 + Int(random.nextUInt32() % 9), 2 + Int(random.nextUInt32() % 9)]
      let outputSize = [1, 1 + Int(random.nextUInt32() % 20), 1 + Int(random.nextUInt32() % 20)]
      guard outputSize[1] != inputSize[1] && outputSize[2] != inputSize[2] else { continue }
      let input = (0..<(planes * inputSize[1] * inputSize[2] * channels)).map { _ in Float(random.nextNormal()) }
      let fast = Resampling.resizePlane(
        input, planes: planes, inputSize: Array(inputSize[1...]), outputSize: Array(outputSize[1...]), channels: channels,
        interpolation: method, on: isa)
      let reference = Resampling.resizeAxes(
        input, batch: planes, inputSize: inputSize, outputSize: outputSize, channels: channels, interpolation: method)
      #expect(fast == reference, "\(isa) \(method) \(inputSize) → \(outputSize) × \(channels)")
    }
  }
}

extension ConvolutionTests {
  /// Depthwise with a depth multiplier above 1 (run as multiplier 1 over repeated channels),
  /// with strides and dilations, against the reference loops.
  static func depthwiseMultiplier(_ isa: InstructionSet) throws {
    var inPlace = 0, repeated = 0
    for seed in UInt32(0)..<56 {
      var p = problem(.depthwise, seed: seed &+ 31_000) { _ in 3...12 }
      var random = RandomGenerator(seed: seed)
      p.inputChannels = 1 + Int(random.nextUInt32() % 20)
      p.outputChannels = p.inputChannels * (2 + Int(seed % 7))  // multipliers 2...8
      let (input, weights, bias) = try operands(p, &random)
      let expected = ReferenceConvolution.run(p, input: input, weights: weights, bias: bias)
      // The path production takes: 2, 4 and 8 read the input in place, the others repeat it.
      let actual: [Float]
      if GroupedConvolution.isMultiplied(p) {
        actual = GroupedConvolution.runRepeated(p, input: input, weights: weights, bias: bias, activation: .linear, instructionSet: isa)
        repeated += 1
      } else {
        #expect(GroupedConvolution.groupWidth(p) == 1, "\(p)")
        actual = GroupedConvolution.run(p, input: input, weights: weights, bias: bias, activation: .linear, instructionSet: isa)
        inPlace += 1
      }
      expectClose(actual, expected, .scaled(1e-5), "\(isa) seed \(seed): \(p)")
    }
    #expect(inPlace == 24 && repeated == 32)
  }

  /// Winograd's transformed weights (4× the kernel) stay bounded: past 256 MiB a layer is direct.
  @Test func winogradLeavesHugeKernelsDirect() {
    func problem(_ channels: Int, taps: Int = 1) -> ConvolutionProblem {
      ConvolutionProblem(
        kind: .standard, batch: 1, inputSize: [taps, 8, 8], outputSize: [1, 8, 8], kernelSize: [taps, 3, 3], strides: [1, 1, 1],
        dilations: [1, 1, 1], offset: [0, 1, 1], inputChannels: channels, outputChannels: channels)
    }
    #expect(Winograd.applies(problem(512)))
    #expect(Winograd.applies(problem(1024, taps: 1)))
    #expect(!Winograd.applies(problem(2048)))
    #expect(!Winograd.applies(problem(1 << 31)))  // 36·in·out passes Int.max: refused, not wrapped
  }

  /// Winograd F(4×4, 3×3) against the reference loops: random sizes (tiles overhanging the
  /// output on both sides), 'same' and 'valid' and uneven padding, channels that are and are not
  /// multiples of 8, bias and activation; values scaled up to 1e3 so the transforms' rounding
  /// shows, held to 2e-4 of the output's scale.
  static func winograd(_ isa: InstructionSet) throws {
    var ran = 0
    defer { #expect(ran >= 25, "most configurations are ones Winograd computes (\(ran) of 30)") }
    for seed in UInt32(0)..<30 {
      var random = RandomGenerator(seed: seed &+ 77_000)
      func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.nextUInt32() % UInt32(range.count)) }
      let height = pick(4...23), width = pick(4...23)
      let before = [pick(0...2), pick(0...2)], after = [pick(0...2), pick(0...2)]
      let output = [height + before[0] + after[0] - 2, width + before[1] + after[1] - 2]
      // Odd seeds are 3-D: depth taps of any size, stride and dilation, summed directly.
      let planes = pick(1...6), taps = pick(1...3), stride = pick(1...2), dilation = stride == 1 ? pick(1...2) : 1
      let depthBefore = pick(0...(dilation * (taps - 1)))
      let outputPlanes = max(1, (planes + 2 * depthBefore - dilation * (taps - 1) - 1) / stride + 1)
      let threeD = seed % 2 == 1
      let p = ConvolutionProblem(
        kind: .standard, batch: pick(1...2), inputSize: threeD ? [planes, height, width] : [height, width],
        outputSize: threeD ? [outputPlanes] + output : output, kernelSize: threeD ? [taps, 3, 3] : [3, 3],
        strides: threeD ? [stride, 1, 1] : [1, 1], dilations: threeD ? [dilation, 1, 1] : [1, 1],
        offset: threeD ? [depthBefore] + before : before, inputChannels: [32, 35, 64, 130, 256][pick(0...4)],
        outputChannels: [32, 37, 40, 72][pick(0...3)])
      guard Winograd.applies(p) else { continue }
      ran += 1
      let scale = Float([1, 30, 1000][pick(0...2)])
      var (input, weights, bias) = try operands(p, &random)
      input = input.map { $0 * scale }
      let cache = WeightCache()
      let expected = ReferenceConvolution.run(p, input: input, weights: weights, bias: bias)
      var linear: [Float] = []
      for _ in 0..<2 {  // the second call reads the packed weights from the cache
        linear = Winograd.run(p, input: input, weights: weights, bias: bias, activation: .linear, instructionSet: isa, cache: cache)
        expectClose(linear, expected, .ofScale(2e-4), "\(isa) seed \(seed): \(p)")
      }
      if seed % 3 == 0 {
        // An inf or a NaN reaches only the outputs whose window holds it, as in the direct sums.
        var poisoned = input
        poisoned[Int(random.nextUInt32() % UInt32(input.count))] = seed % 2 == 0 ? .nan : .infinity
        let reference = ReferenceConvolution.run(p, input: poisoned, weights: weights, bias: bias)
        let actual = Winograd.run(p, input: poisoned, weights: weights, bias: bias, activation: .linear, instructionSet: isa, cache: cache)
        expectClose(actual, reference, .ofScale(2e-4), "\(isa) seed \(seed) with a non-finite input")
      }
      // The activation is applied to each output as it is stored (the vector ReLU, as `apply`, NaN included).
      for activation in [Activation.relu, .sigmoid] {
        let actual = Winograd.run(p, input: input, weights: weights, bias: bias, activation: activation, instructionSet: isa, cache: cache)
        expectClose(actual, linear.map(activation.apply), .scaled(1e-6), "\(activation) seed \(seed)")
      }
    }
  }
}

/// Every fast path of each instruction set against the reference loops, one suite per set, so
/// a CPU without the unit reports the suite as skipped, with the reason, instead of passing it.
@Suite("AVX-512 kernels agree with the reference loops", .enabled(if: ConvolutionTests.canRun(.avx512), "no AVX-512F on this CPU (or CONVLAB_MAX_ISA caps it): the AVX-512 kernels were not run"))
struct AVX512KernelTests {
  @Test func gemmPath() throws { try ConvolutionTests.gemmPath(.avx512) }
  @Test(arguments: [ConvolutionProblem.Kind.standard, .transposed])
  func blockedGEMMWithManyChannels(kind: ConvolutionProblem.Kind) throws { try ConvolutionTests.blockedGEMMWithManyChannels(.avx512, kind: kind) }
  @Test func indirectGEMM() throws { try ConvolutionTests.indirectGEMM(.avx512) }
  @Test func transposedWithStrideEqualToKernel() throws { try ConvolutionTests.transposedWithStrideEqualToKernel(.avx512) }
  @Test func groupedRowKernel() throws { try ConvolutionTests.groupedRowKernel(.avx512) }
  @Test func fusedSeparable() throws { try ConvolutionTests.fusedSeparable(.avx512) }
  @Test func resamplePlane() throws { try ConvolutionTests.resamplePlane(.avx512) }
  @Test func winograd() throws { try ConvolutionTests.winograd(.avx512) }
  @Test func depthwiseMultiplier() throws { try ConvolutionTests.depthwiseMultiplier(.avx512) }
}

@Suite("AVX2 kernels agree with the reference loops", .enabled(if: ConvolutionTests.canRun(.avx2), "no AVX2 and FMA on this CPU (or CONVLAB_MAX_ISA caps it): the AVX2 kernels were not run"))
struct AVX2KernelTests {
  @Test func gemmPath() throws { try ConvolutionTests.gemmPath(.avx2) }
  @Test(arguments: [ConvolutionProblem.Kind.standard, .transposed])
  func blockedGEMMWithManyChannels(kind: ConvolutionProblem.Kind) throws { try ConvolutionTests.blockedGEMMWithManyChannels(.avx2, kind: kind) }
  @Test func indirectGEMM() throws { try ConvolutionTests.indirectGEMM(.avx2) }
  @Test func transposedWithStrideEqualToKernel() throws { try ConvolutionTests.transposedWithStrideEqualToKernel(.avx2) }
  @Test func groupedRowKernel() throws { try ConvolutionTests.groupedRowKernel(.avx2) }
  @Test func fusedSeparable() throws { try ConvolutionTests.fusedSeparable(.avx2) }
  @Test func resamplePlane() throws { try ConvolutionTests.resamplePlane(.avx2) }
  @Test func winograd() throws { try ConvolutionTests.winograd(.avx2) }
  @Test func depthwiseMultiplier() throws { try ConvolutionTests.depthwiseMultiplier(.avx2) }
}

@Suite("Portable kernels agree with the reference loops")
struct PortableKernelTests {
  @Test func gemmPath() throws { try ConvolutionTests.gemmPath(.portable) }
  @Test(arguments: [ConvolutionProblem.Kind.standard, .transposed])
  func blockedGEMMWithManyChannels(kind: ConvolutionProblem.Kind) throws { try ConvolutionTests.blockedGEMMWithManyChannels(.portable, kind: kind) }
  @Test func indirectGEMM() throws { try ConvolutionTests.indirectGEMM(.portable) }
  @Test func transposedWithStrideEqualToKernel() throws { try ConvolutionTests.transposedWithStrideEqualToKernel(.portable) }
  @Test func groupedRowKernel() throws { try ConvolutionTests.groupedRowKernel(.portable) }
  @Test func fusedSeparable() throws { try ConvolutionTests.fusedSeparable(.portable) }
  @Test func resamplePlane() throws { try ConvolutionTests.resamplePlane(.portable) }
  @Test func winograd() throws { try ConvolutionTests.winograd(.portable) }
  @Test func depthwiseMultiplier() throws { try ConvolutionTests.depthwiseMultiplier(.portable) }
}

@Suite("Activations")
struct ActivationTests {
  @Test func kerasFormulas() {
    #expect(Activation.relu6.apply(7) == 6)
    #expect(Activation.leakyRelu.apply(-1) == -0.2)
    #expect(Activation.hardSigmoid.apply(0) == 0.5)
    #expect(abs(Activation.gelu.apply(1) - 0.8413447) < 1e-6)
    #expect(abs(Activation.selu.apply(-1) - -1.1113307) < 1e-6)
    #expect(abs(Activation.softplus.apply(100) - 100) < 1e-6)
    #expect(Activation(kerasName: "silu") == .swish)
  }

  @Test func softmaxRunsOverTheLastAxis() {
    var values: [Float] = [0, 0, 1000, 1000]
    values.withUnsafeMutableBufferPointer { Activation.softmax.apply(to: $0, lastAxis: 2) }
    #expect(values == [0.5, 0.5, 0.5, 0.5])
  }
}

@Suite("Resampling")
struct ResamplingTests {
  @Test func shiftPadsAndCrops() {
    let padded = Resampling.shift([1, 2, 3], batch: 1, inputSize: [1, 1, 3], outputSize: [1, 1, 5], before: [0, 0, 1], channels: 1)
    #expect(padded == [0, 1, 2, 3, 0])
    let cropped = Resampling.shift([1, 2, 3, 4], batch: 1, inputSize: [1, 1, 4], outputSize: [1, 1, 2], before: [0, 0, -1], channels: 1)
    #expect(cropped == [2, 3])
  }

  @Test func bilinearUsesHalfPixelCentres() {
    let output = Resampling.resize([0, 1], batch: 1, inputSize: [1, 1, 2], outputSize: [1, 1, 4], channels: 1, interpolation: .bilinear)
    #expect(output == [0, 0.25, 0.75, 1])
  }
}
