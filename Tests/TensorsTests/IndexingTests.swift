import Testing

@testable import Tensors

@Suite("NumPy basic indexing")
struct IndexingTests {
  let cube = try! Tensor.arange(0, 24).reshaped([2, 3, 4])

  @Test func integerAndNegativeStepSlices() throws {
    // a[1, :, ::-2]
    let picked = try cube[.at(1), .all, .slice(step: -2)]
    #expect(picked.shape == [3, 2])
    #expect(picked.scalars == [15, 13, 19, 17, 23, 21])
    // a[:, ::-1, 2]
    #expect(try cube[.all, .slice(step: -1), .at(2)].scalars == [10, 6, 2, 22, 18, 14])
  }

  @Test func slicesClampLikePython() throws {
    #expect(try cube[.at(0), .slice(start: 5, stop: 1, step: -1), .at(3)].scalars == [11])
    #expect(try cube[.at(0), .slice(start: -100, stop: 100, step: 3), .at(0)].scalars == [0])
    #expect(try cube[.all, .slice(start: 1, stop: 1)].shape == [2, 0, 4])
    #expect(try cube[.at(-1), .at(-1), .slice(start: -2)].scalars == [22, 23])
  }

  @Test func ellipsisAndNewAxis() throws {
    #expect(try cube[.ellipsis, .newAxis, .at(0)].shape == [2, 3, 1])
    #expect(try cube[.newAxis, .at(-1), .slice(start: 1)].shape == [1, 2, 4])
    #expect(try cube[.ellipsis, .at(1)].scalars == [1, 5, 9, 13, 17, 21])
    #expect(try cube[.at(1), .ellipsis].shape == [3, 4])
    #expect(try cube[.ellipsis] == cube)
  }

  @Test func fullIndexGivesRankZero() throws {
    let element = try cube[.at(1), .at(2), .at(3)]
    #expect(element.shape == [])
    #expect(element.scalar == 23)
    #expect(try cube.element(at: [-1, -1, -1]) == 23)
  }

  @Test func outOfRangeNamesAxisAndSize() {
    #expect(throws: ShapeError.indexOutOfRange(index: 3, axis: 1, size: 3)) {
      try cube[.at(0), .at(3)]
    }
    #expect(throws: ShapeError.indexOutOfRange(index: -3, axis: 0, size: 2)) { try cube[.at(-3)] }
    let error = ShapeError.indexOutOfRange(index: 3, axis: 1, size: 3)
    #expect(error.description == "index 3 is out of bounds for axis 1 with size 3")
  }

  @Test func badIndexShapes() {
    #expect(throws: ShapeError.tooManyIndices(given: 4, rank: 3)) {
      try cube[.at(0), .at(0), .at(0), .at(0)]
    }
    #expect(throws: ShapeError.multipleEllipses) { try cube[.ellipsis, .ellipsis] }
    #expect(throws: ShapeError.zeroSliceStep(axis: 2)) { try cube[.all, .all, .slice(step: 0)] }
  }

  @Test func hugeSliceBoundsDoNotOverflow() throws {
    #expect(try cube[.slice(start: Int.min, stop: Int.max), .at(0), .at(0)].scalars == [0, 12])
    #expect(try cube[.slice(start: Int.max, stop: Int.min, step: -1), .at(0), .at(0)].scalars == [12, 0])
    #expect(try cube[.slice(step: Int.min), .at(0), .at(0)].scalars == [12])
  }
}

@Suite("Shapes: reshape, transpose, squeeze, expand_dims, concatenate, stack")
struct ShapingTests {
  let cube = try! Tensor.arange(0, 24).reshaped([2, 3, 4])

  @Test func reshapeInfersOneDimension() throws {
    #expect(try cube.reshaped([4, -1]).shape == [4, 6])
    #expect(try cube.reshaped([-1]).shape == [24])
    #expect(throws: ShapeError.cannotReshape(from: [2, 3, 4], to: [5, -1])) { try cube.reshaped([5, -1]) }
    #expect(throws: ShapeError.multipleUnknownDimensions(shape: [-1, -1])) { try cube.reshaped([-1, -1]) }
    #expect(throws: ShapeError.cannotReshape(from: [2, 3, 4], to: [5, 5])) { try cube.reshaped([5, 5]) }
    #expect(try Tensor.zeros([0, 3]).reshaped([3, 0, 7]).shape == [3, 0, 7])
  }

  @Test func transposePermutesAxes() throws {
    let moved = try cube.transposed([2, 0, 1])
    #expect(moved.shape == [4, 2, 3])
    #expect(try moved.element(at: [3, 1, 2]) == 23)
    #expect(try cube.transposed().shape == [4, 3, 2])
    #expect(try cube.transposed([-1, 0, 1]) == moved)
    #expect(throws: ShapeError.badPermutation(axes: [0, 0, 1], rank: 3)) { try cube.transposed([0, 0, 1]) }
    #expect(throws: ShapeError.badPermutation(axes: [0, 1], rank: 3)) { try cube.transposed([0, 1]) }
  }

  @Test func squeezeAndExpand() throws {
    let padded = try Tensor.zeros([1, 3, 1, 2])
    #expect(try padded.squeezed().shape == [3, 2])
    #expect(try padded.squeezed(axes: [-2]).shape == [1, 3, 2])
    #expect(throws: ShapeError.cannotSqueeze(axis: 1, size: 3)) { try padded.squeezed(axes: [1]) }
    #expect(try cube.expandingDims(axis: -1).shape == [2, 3, 4, 1])
    #expect(try cube.expandingDims(axis: 0).shape == [1, 2, 3, 4])
    #expect(throws: ShapeError.axisOutOfRange(axis: 5, rank: 4)) { try cube.expandingDims(axis: 5) }
  }

  @Test func concatenateAndStack() throws {
    let ones = try Tensor.ones([2, 1]), zeros = try Tensor.zeros([2, 2])
    let joined = try Tensor.concatenate([ones, zeros], axis: 1)
    #expect(joined.shape == [2, 3])
    #expect(joined.scalars == [1, 0, 0, 1, 0, 0])
    let stacked = try Tensor.stack([Tensor.ones([2]), Tensor.zeros([2])], axis: 1)
    #expect(stacked.scalars == [1, 0, 1, 0])
    #expect(throws: ShapeError.concatenateMismatch(axis: 1, first: [2, 1], other: [3, 2], index: 1)) {
      try Tensor.concatenate([ones, Tensor.zeros([3, 2])], axis: 1)
    }
    #expect(throws: ShapeError.stackMismatch(first: [2, 1], other: [2, 2], index: 1)) {
      try Tensor.stack([ones, zeros])
    }
    #expect(throws: ShapeError.emptyList(operation: "concatenate")) { try Tensor.concatenate([]) }
  }

  @Test func rankAndSizeLimits() {
    #expect(throws: ShapeError.rankTooLarge(rank: 9, maximum: 8)) { try Tensor.zeros(Array(repeating: 1, count: 9)) }
    #expect(throws: ShapeError.negativeDimension(shape: [2, -3], axis: 1)) { try Tensor.zeros([2, -3]) }
    #expect(throws: ShapeError.sizeOverflow(shape: [Int.max, 2])) { try Tensor.zeros([Int.max, 2]) }
    #expect(throws: ShapeError.scalarCountMismatch(shape: [2, 2], expected: 4, got: 3)) {
      try Tensor(shape: [2, 2], scalars: [1, 2, 3])
    }
  }

  @Test func tensorsPastTheMemoryLimitAreRefusedBeforeAllocating() {
    // 10⁷ × 10⁷ floats is 364 TiB: past half of any machine's memory, so no test changes the limit.
    let error = #expect(throws: ShapeError.self) { try Tensor.zeros([10_000_000, 10_000_000]) }
    guard case .tooLarge(_, let shape, let bytes, let limit, _)? = error else {
      Issue.record("expected tooLarge, got \(String(describing: error))")
      return
    }
    #expect(shape == [10_000_000, 10_000_000])
    #expect(bytes == 400_000_000_000_000)
    #expect(limit == MemoryLimit.bytes)
    #expect(error?.description.hasPrefix("a tensor of shape (10000000, 10000000) would need 363.8 TiB") == true)
    #expect(error?.description.contains("the tensor memory limit is ") == true)
    #expect(throws: ShapeError.self) { try Tensor.arange(0, 1e14) }
  }

  @Test func copiesAreIndependent() throws {
    let original = try Tensor.zeros([3])
    var copy = original
    copy.scalars[0] = 5
    #expect(original.scalars == [0, 0, 0])
    #expect(copy.scalars == [5, 0, 0])
  }
}
