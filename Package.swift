// swift-tools-version: 6.1
import PackageDescription

// Module layout and import direction: see DESIGN.md ("The modules, lowest first").
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
    .target(
      name: "Kernels",
      dependencies: ["Tensors", .product(name: "RealModule", package: "swift-numerics")]
    ),
    .target(name: "Layers", dependencies: ["Tensors", "Kernels"]),
    .target(
      name: "Script",
      dependencies: ["Tensors", "Kernels", "Layers", .product(name: "RealModule", package: "swift-numerics")]
    ),
    .target(name: "Notebook", dependencies: ["Tensors", "Kernels", "Layers", "Script"]),
    .target(name: "TerminalUI", dependencies: ["CNCursesW", "Notebook"]),
    .executableTarget(
      name: "convlab",
      dependencies: [
        "Tensors", "Notebook", "TerminalUI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
    .testTarget(name: "KernelsTests", dependencies: ["Kernels"]),
    .testTarget(name: "LayersTests", dependencies: ["Layers"]),
    .testTarget(name: "ScriptTests", dependencies: ["Script"]),
    .testTarget(name: "NotebookTests", dependencies: ["Notebook"]),
    .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
  ],
  swiftLanguageModes: [.v6]
)
