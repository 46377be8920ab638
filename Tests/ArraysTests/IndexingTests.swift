import Testing

import Arrays
import Tensors

@Suite("NumPy basic indexing")
struct IndexingTests {
  let cube = NDArray.range([2, 3, 4])

  @Test func integerAndNegativeStepSlices() throws {
    // a[1, :, ::-2]
    let picked = try cube[.at(1), .all, .slice(step: -2)]
    #expect(picked.shape == [3, 2])
    #expect(picked.ints == [15, 13, 19, 17, 23, 21])
    // a[:, ::-1, 2]
    #expect(try cube[.all, .slice(step: -1), .at(2)].ints == [10, 6, 2, 22, 18, 14])
  }

  @Test func slicesClampLikePython() throws {
    #expect(try cube[.at(0), .slice(start: 5, stop: 1, step: -1), .at(3)].ints == [11])
    #expect(try cube[.at(0), .slice(start: -100, stop: 100, step: 3), .at(0)].ints == [0])
    #expect(try cube[.all, .slice(start: 1, stop: 1)].shape == [2, 0, 4])
    #expect(try cube[.at(-1), .at(-1), .slice(start: -2)].ints == [22, 23])
  }

  @Test func ellipsisAndNewAxis() throws {
    #expect(try cube[.ellipsis, .newAxis, .at(0)].shape == [2, 3, 1])
    #expect(try cube[.newAxis, .at(-1), .slice(start: 1)].shape == [1, 2, 4])
    #expect(try cube[.ellipsis, .at(1)].ints == [1, 5, 9, 13, 17, 21])
    #expect(try cube[.at(1), .ellipsis].shape == [3, 4])
    #expect(try cube[.ellipsis].isIdentical(to: cube))
  }

  @Test func fullIndexGivesRankZero() throws {
    let element = try cube[.at(1), .at(2), .at(3)]
    #expect(element.shape == [])
    #expect(element.ints == [23])
    #expect(try cube[.at(-1), .at(-1), .at(-1)].ints == [23])
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
    #expect(try cube[.slice(start: Int.min, stop: Int.max), .at(0), .at(0)].ints == [0, 12])
    #expect(try cube[.slice(start: Int.max, stop: Int.min, step: -1), .at(0), .at(0)].ints == [12, 0])
    #expect(try cube[.slice(step: Int.min), .at(0), .at(0)].ints == [12])
  }
}

@Suite("Shapes: reshape, transpose, squeeze, expand_dims, concatenate, stack")
struct ShapingTests {
  let cube = NDArray.range([2, 3, 4])

  @Test func reshapeInfersOneDimension() throws {
    #expect(try cube.reshaped([4, -1]).shape == [4, 6])
    #expect(try cube.transposed().reshaped([-1]).ints.prefix(4) == [0, 12, 4, 16])
    #expect(try cube.reshaped([-1]).shape == [24])
    #expect(throws: ShapeError.cannotReshape(from: [2, 3, 4], to: [5, -1])) { try cube.reshaped([5, -1]) }
    #expect(throws: ShapeError.multipleUnknownDimensions(shape: [-1, -1])) { try cube.reshaped([-1, -1]) }
    #expect(throws: ShapeError.cannotReshape(from: [2, 3, 4], to: [5, 5])) { try cube.reshaped([5, 5]) }
    #expect(try NDArray.zeros([0, 3]).reshaped([3, 0, 7]).shape == [3, 0, 7])
  }

  @Test func transposePermutesAxes() throws {
    let moved = try cube.transposed([2, 0, 1])
    #expect(moved.shape == [4, 2, 3])
    #expect(try moved[.at(3), .at(1), .at(2)].ints == [23])
    #expect(try cube.transposed().shape == [4, 3, 2])
    #expect(try cube.transposed([-1, 0, 1]).isIdentical(to: moved))
    #expect(throws: ShapeError.badPermutation(axes: [0, 0, 1], rank: 3)) { try cube.transposed([0, 0, 1]) }
    #expect(throws: ShapeError.badPermutation(axes: [0, 1], rank: 3)) { try cube.transposed([0, 1]) }
  }

  @Test func squeezeAndExpand() throws {
    let padded = try NDArray.zeros([1, 3, 1, 2])
    #expect(try padded.squeezed().shape == [3, 2])
    #expect(try padded.squeezed(axes: [-2]).shape == [1, 3, 2])
    #expect(throws: ShapeError.cannotSqueeze(axis: 1, size: 3)) { try padded.squeezed(axes: [1]) }
    #expect(try cube.expandingDims(axis: -1).shape == [2, 3, 4, 1])
    #expect(try cube.expandingDims(axis: 0).shape == [1, 2, 3, 4])
    #expect(throws: ShapeError.axisOutOfRange(axis: 5, rank: 4)) { try cube.expandingDims(axis: 5) }
  }

  @Test func concatenateAndStack() throws {
    let ones = try NDArray.ones([2, 1]), zeros = try NDArray.zeros([2, 2])
    let joined = try NDArray.concatenate([ones, zeros], axis: 1)
    #expect(joined.shape == [2, 3])
    #expect(joined.doubles == [1, 0, 0, 1, 0, 0])
    let stacked = try NDArray.stack([NDArray.ones([2]), NDArray.zeros([2])], axis: 1)
    #expect(stacked.doubles == [1, 0, 1, 0])
    #expect(throws: ShapeError.concatenateMismatch(axis: 1, first: [2, 1], other: [3, 2], index: 1)) {
      try NDArray.concatenate([ones, NDArray.zeros([3, 2])], axis: 1)
    }
    #expect(throws: ShapeError.stackMismatch(first: [2, 1], other: [2, 2], index: 1)) {
      try NDArray.stack([ones, zeros])
    }
    #expect(throws: ShapeError.emptyList(operation: "concatenate")) { try NDArray.concatenate([]) }
  }

  @Test func rankAndSizeLimits() {
    #expect(throws: ShapeError.rankTooLarge(rank: 9, maximum: 8)) { try NDArray.zeros(Array(repeating: 1, count: 9)) }
    #expect(throws: ShapeError.negativeDimension(shape: [2, -3], axis: 1)) { try NDArray.zeros([2, -3]) }
    #expect(throws: ShapeError.sizeOverflow(shape: [Int.max, 2])) { try NDArray.zeros([Int.max, 2]) }
    #expect(throws: ShapeError.scalarCountMismatch(shape: [2, 2], expected: 4, got: 3)) {
      try NDArray(shape: [2, 2], elements: [Float(1), 2, 3])
    }
  }

  @Test func tensorsPastTheMemoryLimitAreRefusedBeforeAllocating() {
    // 10⁷ × 10⁷ floats is 364 TiB: past half of any machine's memory, so no test changes the limit.
    let error = #expect(throws: ShapeError.self) { try NDArray.zeros([10_000_000, 10_000_000]) }
    guard case .tooLarge(_, let shape, let bytes, let limit, _)? = error else {
      Issue.record("expected tooLarge, got \(String(describing: error))")
      return
    }
    #expect(shape == [10_000_000, 10_000_000])
    #expect(bytes == 800_000_000_000_000)
    #expect(limit == MemoryLimit.bytes)
    #expect(error?.description.hasPrefix("a tensor of shape (10000000, 10000000) would need 727.6 TiB") == true)
    #expect(error?.description.contains("the tensor memory limit is ") == true)
    #expect(throws: ShapeError.self) { try NDArray.arange(start: .int(0), stop: .float(1e14), step: .int(1), dtype: nil) }
  }

  @Test func copiesAndViewsAreIndependentValues() throws {
    let original = try NDArray.zeros([3])
    var copy = original
    try copy.assign(.int(5), at: [.at(0)])
    #expect(original.doubles == [0, 0, 0])
    #expect(copy.doubles == [5, 0, 0])
    // A view shares the buffer until one of them is written.
    var view = try cube[.at(0)]
    try view.assign(.int(-1), at: [.all])
    #expect(cube.ints.prefix(4) == [0, 1, 2, 3])
    #expect(view.ints.allSatisfy { $0 == -1 })
  }
}

@Suite("NumPy advanced indexing and assignment")
struct AdvancedIndexingTests {
  let cube = NDArray.range([2, 3, 4])

  /// Result shapes as NumPy gives them: together, advanced indices replace their axes in
  /// place; separated by a slice (or with an integer beside them), their axes go first.
  @Test func resultShapesFollowNumPysRules() throws {
    let pair = NDArray.ints([2], [0, 1]), other = NDArray.ints([2], [1, 2])
    #expect(try cube[.array(pair), .all, .array(other)].shape == [2, 3])
    #expect(try cube[.all, .array(pair), .array(other)].shape == [2, 2])
    #expect(try cube[.at(0), .all, .array(other)].shape == [2, 3])
    #expect(try cube[.all, .at(0), .array(other)].shape == [2, 2])
    #expect(try cube[.array(NDArray.ints([1], [1])), .newAxis, .array(NDArray.ints([1], [2]))].shape == [1, 1, 4])
    #expect(try cube[.ellipsis, .array(pair)].shape == [2, 3, 2])
    #expect(try cube[.all, .array(NDArray.ints([2, 2], [0, 1, 1, 2]))].shape == [2, 2, 2, 4])
    #expect(try cube[.all, .array(pair), .array(other)].ints == [1, 6, 13, 18])
  }

  @Test func booleanMasksSelectInRowMajorOrder() throws {
    let mask = try apply(.greater, cube, .int(20))
    #expect(try cube[.array(mask)].ints == [21, 22, 23])
    let rows = try apply(.greater, try cube[.all, .all, .at(0)], .int(3))
    #expect(try cube[.array(rows)].shape == [5, 4])
    #expect(try cube[.array(NDArray.of([2], [true, false]))].shape == [1, 3, 4])
    #expect(throws: ShapeError.self) { try cube[.array(NDArray.of([3], [true, false, true]))] }
    #expect(throws: ShapeError.indexOutOfRange(index: 5, axis: 0, size: 2)) { try cube[.array(NDArray.ints([1], [5]))] }
    #expect(throws: ShapeError.self) { try cube[.at(0), .array(NDArray.ints([2], [0, 1])), .array(NDArray.ints([3], [1, 2, 3]))] }
  }

  @Test func assignmentThroughMasksIntegersAndSlices() throws {
    var y = try cube.astype(.float32)
    try y.assign(.int(0), at: [.array(try apply(.greater, y, .int(10)))])
    #expect(try y.reduced(.sum).floats == [55])
    try y.assign(.array(NDArray.ints([2], [7, 8])), at: [.array(NDArray.ints([2], [0, 0])), .array(NDArray.ints([2], [1, 1])), .array(NDArray.ints([2], [2, 2]))])
    #expect(try y[.at(0), .at(1), .at(2)].floats == [8])
    try y.assign(.array(NDArray.doubles([4], [1.9, 2.9, 3.9, 4.9])), at: [.all, .at(1)])
    #expect(try y[.at(1), .at(1)].floats == [1.9, 2.9, 3.9, 4.9])
    var small = try NDArray.zeros([3], dtype: .int8)
    #expect(throws: ShapeError.pythonIntegerOutOfBounds(value: "300", dtype: "int8")) { try small.assign(.int(300), at: [.at(0)]) }
    try small.assign(.float(2.7), at: [.at(1)])
    #expect(small.elements(as: Int8.self) == [0, 2, 0])
  }
}
