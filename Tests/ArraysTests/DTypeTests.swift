import Arrays
import Testing

@Suite struct DTypeTests {
  /// NumPy 2's promotion table (`np.result_type(a, b)` for every pair), as printed by NumPy 2.4.
  @Test func promotionMatchesNumPysTable() {
    let order: [DType] = [.bool, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64]
    let table = """
      bool     bool    int8    int16   int32   int64   uint8   uint16  uint32  uint64  float16 float32 float64
      int8     int8    int8    int16   int32   int64   int16   int32   int64   float64 float16 float32 float64
      int16    int16   int16   int16   int32   int64   int16   int32   int64   float64 float32 float32 float64
      int32    int32   int32   int32   int32   int64   int32   int32   int64   float64 float64 float64 float64
      int64    int64   int64   int64   int64   int64   int64   int64   int64   float64 float64 float64 float64
      uint8    uint8   int16   int16   int32   int64   uint8   uint16  uint32  uint64  float16 float32 float64
      uint16   uint16  int32   int32   int32   int64   uint16  uint16  uint32  uint64  float32 float32 float64
      uint32   uint32  int64   int64   int64   int64   uint32  uint32  uint32  uint64  float64 float64 float64
      uint64   uint64  float64 float64 float64 float64 uint64  uint64  uint64  uint64  float64 float64 float64
      float16  float16 float16 float32 float64 float64 float16 float32 float64 float64 float16 float32 float64
      float32  float32 float32 float32 float64 float64 float32 float32 float64 float64 float32 float32 float64
      float64  float64 float64 float64 float64 float64 float64 float64 float64 float64 float64 float64 float64
      """
    for line in table.split(separator: "\n") {
      let words = line.split(separator: " ").map(String.init)
      let row = DType(rawValue: words[0])!
      for (column, name) in zip(order, words.dropFirst()) {
        #expect(DType.promote(row, column) == DType(rawValue: name), "\(row) + \(column)")
      }
    }
  }
}
