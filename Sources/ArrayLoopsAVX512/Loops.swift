import ArrayLoops

/// The array loops compiled for AVX-512 (this module builds with `-target-cpu skylake-avx512`).
public let avx512ArrayLoops = ArrayLoops(
  binaryFloat: { binaryLoop($0, $1, $2, $3, $4, $5, $6, SIMD16<Float>.self) },
  binaryDouble: { binaryLoop($0, $1, $2, $3, $4, $5, $6, SIMD8<Double>.self) },
  compareFloat: { compareLoop($0, $1, $2, $3, $4, $5, $6) },
  compareDouble: { compareLoop($0, $1, $2, $3, $4, $5, $6) },
  unaryFloat: { unaryLoopFloat($0, $1, $2, $3, SIMD16<Float>.self) },
  unaryDouble: { unaryLoopDouble($0, $1, $2, $3, SIMD8<Double>.self) },
  accumulateFloat: { accumulateLoop($0, $1, $2, SIMD16<Float>.self) },
  accumulateDouble: { accumulateLoop($0, $1, $2, SIMD8<Double>.self) },
  extremeFloat: { extremeLoop($0, $1, $2, $3, SIMD16<Float>.self) },
  extremeDouble: { extremeLoop($0, $1, $2, $3, SIMD8<Double>.self) })
