// swift-tools-version: 6.1
import PackageDescription

// Module layout and import direction: see DESIGN.md ("The modules, lowest first").

/// Compiles a module for one x86 CPU family; elsewhere the module builds portably (and is not chosen).
func isaFlags(_ cpu: String) -> [SwiftSetting] {
  #if arch(x86_64)
    return [.unsafeFlags(["-target-cpu", cpu])] + optimizedAlways
  #else
    return optimizedAlways
  #endif
}

/// The compute modules are optimised in debug builds too: unoptimised SIMD micro-kernels run
/// hundreds of times slower, which would make the test suite (and its tmux sessions) crawl.
let optimizedAlways: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
let package = Package(
  name: "convlab",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "convlab", targets: ["convlab"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CNCursesW",
      pkgConfig: "ncursesw",
      providers: [.apt(["libncurses-dev"])]
    ),
    .target(
      name: "Tensors",
      dependencies: [.product(name: "RealModule", package: "swift-numerics")]
    ),
    .target(name: "CPUFeatures"),
    .target(name: "GEMMCore", dependencies: ["CPUFeatures"], swiftSettings: optimizedAlways),
    // The same @inlinable micro-kernel compiled for each vector unit; Kernels picks one at run
    // time. Without an FMA-capable -target-cpu, SIMD addProduct becomes a library call per lane.
    .target(name: "GEMMAVX512", dependencies: ["GEMMCore"], swiftSettings: isaFlags("skylake-avx512")),
    .target(name: "GEMMAVX2", dependencies: ["GEMMCore"], swiftSettings: isaFlags("haswell")),
    .target(
      name: "Kernels",
      dependencies: [
        "Tensors", "CPUFeatures", "GEMMCore", "GEMMAVX512", "GEMMAVX2",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: optimizedAlways
    ),
    // The float loops of arrays, @inlinable and compiled once per vector unit, as the GEMM kernels.
    .target(name: "ArrayLoops", swiftSettings: optimizedAlways),
    .target(name: "ArrayLoopsAVX512", dependencies: ["ArrayLoops"], swiftSettings: isaFlags("skylake-avx512")),
    .target(name: "ArrayLoopsAVX2", dependencies: ["ArrayLoops"], swiftSettings: isaFlags("haswell")),
    // NumPy's ndarray: dtypes, NEP 50 promotion, ufuncs, reductions in NumPy's order, indexing,
    // printing and .npy files.
    .target(
      name: "Arrays",
      dependencies: [
        "Tensors", "Kernels", "ArrayLoops", "ArrayLoopsAVX512", "ArrayLoopsAVX2",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: optimizedAlways
    ),
    .target(name: "Layers", dependencies: ["Tensors", "Kernels"]),
    .target(
      name: "Script",
      dependencies: ["Tensors", "Arrays", "Kernels", "Layers", .product(name: "RealModule", package: "swift-numerics")]
    ),
    .target(name: "Notebook", dependencies: ["Tensors", "Arrays", "Kernels", "Layers", "Script"]),
    .target(name: "TerminalUI", dependencies: ["CNCursesW", "Tensors", "Arrays", "Layers", "Script", "Notebook"]),
    .executableTarget(
      name: "convlab",
      dependencies: [
        "Tensors", "Arrays", "Kernels", "Notebook", "TerminalUI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The fuzz target (Fuzz/README.md): libFuzzer's entry point when built with -DFUZZING.
    .executableTarget(name: "convlab-fuzz", dependencies: ["Notebook", "Tensors", "Arrays"], path: "Sources/ConvlabFuzz"),
    // Helpers every test target shares: the NaN- and length-aware value comparison, processes
    // and temporary folders.
    .target(name: "TestSupport", dependencies: ["Tensors", "Arrays"], path: "Tests/TestSupport"),
    .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"]),
    .testTarget(
      name: "ArraysTests", dependencies: ["Arrays", "Kernels", "ArrayLoops", "ArrayLoopsAVX2", "ArrayLoopsAVX512", "TestSupport"]),
    .testTarget(name: "KernelsTests", dependencies: ["Kernels", "TestSupport"]),
    .testTarget(name: "LayersTests", dependencies: ["Layers", "Arrays", "TestSupport"]),
    .testTarget(name: "ScriptTests", dependencies: ["Script", "Arrays", "TestSupport"]),
    .testTarget(name: "NotebookTests", dependencies: ["Notebook", "Arrays", "TestSupport"]),
    .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
