/// Every layer a user can declare, by the names they write.
public enum LayerCatalog {
  private enum Door {
    case convolution(rank: Int, kind: ConvSpec.Kind)
    case resampling(rank: Int, family: KerasResampling.Family)
    case pooling(rank: Int, reduction: PoolSpec.Reduction, global: Bool)
    case paddleConv3DTranspose
    case torchConvolution(rank: Int, transposed: Bool)
    case torchPooling(rank: Int, reduction: PoolSpec.Reduction)
  }

  private static let doors: [String: Door] = {
    var table: [String: Door] = [:]
    for rank in 1...3 {
      table["Conv\(rank)D"] = .convolution(rank: rank, kind: .standard)
      table["Conv\(rank)DTranspose"] = .convolution(rank: rank, kind: .transposed)
      table["Cropping\(rank)D"] = .resampling(rank: rank, family: .cropping)
      table["ZeroPadding\(rank)D"] = .resampling(rank: rank, family: .zeroPadding)
      table["UpSampling\(rank)D"] = .resampling(rank: rank, family: .upSampling)
      table["MaxPooling\(rank)D"] = .pooling(rank: rank, reduction: .max, global: false)
      table["AveragePooling\(rank)D"] = .pooling(rank: rank, reduction: .average, global: false)
      table["GlobalMaxPooling\(rank)D"] = .pooling(rank: rank, reduction: .max, global: true)
      table["GlobalAveragePooling\(rank)D"] = .pooling(rank: rank, reduction: .average, global: true)
    }
    for rank in 1...2 {
      table["DepthwiseConv\(rank)D"] = .convolution(rank: rank, kind: .depthwise)
      table["SeparableConv\(rank)D"] = .convolution(rank: rank, kind: .separable)
    }
    table[PaddleConv3DTranspose.name] = .paddleConv3DTranspose
    for rank in 1...3 {
      for transposed in [false, true] {
        table["torch.nn." + TorchConvolution.className(rank: rank, transposed: transposed)] = .torchConvolution(rank: rank, transposed: transposed)
      }
      for reduction in [PoolSpec.Reduction.max, .average] {
        table["torch.nn." + TorchPooling.className(rank: rank, reduction: reduction)] = .torchPooling(rank: rank, reduction: reduction)
      }
    }
    return table
  }()

  /// Keras aliases that name the same layers.
  private static let aliases = [
    "MaxPool1D": "MaxPooling1D", "MaxPool2D": "MaxPooling2D", "MaxPool3D": "MaxPooling3D",
    "AvgPool1D": "AveragePooling1D", "AvgPool2D": "AveragePooling2D", "AvgPool3D": "AveragePooling3D",
    "GlobalMaxPool1D": "GlobalMaxPooling1D", "GlobalMaxPool2D": "GlobalMaxPooling2D", "GlobalMaxPool3D": "GlobalMaxPooling3D",
    "GlobalAvgPool1D": "GlobalAveragePooling1D", "GlobalAvgPool2D": "GlobalAveragePooling2D",
    "GlobalAvgPool3D": "GlobalAveragePooling3D",
    "Convolution1D": "Conv1D", "Convolution2D": "Conv2D", "Convolution3D": "Conv3D",
    "Convolution2DTranspose": "Conv2DTranspose", "Convolution3DTranspose": "Conv3DTranspose",
    "SeparableConvolution1D": "SeparableConv1D", "SeparableConvolution2D": "SeparableConv2D",
  ]

  /// All layer names, sorted (Keras names first, then Paddle's).
  public static var names: [String] {
    let keras = doors.keys.filter { !$0.contains(".") }.sorted()
    return keras + doors.keys.filter { $0.contains(".") }.sorted()
  }

  public static func canonicalName(_ name: String) -> String? {
    let resolved = aliases[name] ?? name
    return doors[resolved] == nil ? nil : resolved
  }

  public static func signature(_ name: String) -> LayerSignature? {
    guard let name = canonicalName(name), let door = doors[name] else { return nil }
    switch door {
    case let .convolution(rank, kind): return KerasConvolution.signature(name, rank: rank, kind: kind)
    case let .resampling(rank, family): return KerasResampling.signature(name, rank: rank, family: family)
    case let .pooling(rank, reduction, global): return KerasPooling.signature(name, rank: rank, reduction: reduction, global: global)
    case .paddleConv3DTranspose: return PaddleConv3DTranspose.signature
    case let .torchConvolution(rank, transposed): return TorchConvolution.signature(name, rank: rank, transposed: transposed)
    case let .torchPooling(rank, reduction): return TorchPooling.signature(name, rank: rank, reduction: reduction)
    }
  }

  /// Declares a layer from its class name and arguments, as Keras (or Paddle) would.
  /// `dataFormat` is the session's `image_data_format`, used when `data_format` is None.
  public static func make(_ name: String, _ arguments: ArgumentList, dataFormat: DataFormat = .channelsLast)
    throws(ArgumentError) -> Layer
  {
    guard let canonical = canonicalName(name), let door = doors[canonical], let signature = signature(canonical) else {
      throw ArgumentError(layer: name, argument: nil, "is not a layer convlab knows")
    }
    let bound = try signature.bind(arguments)
    var layer: Layer
    switch door {
    case let .convolution(rank, kind):
      layer = try KerasConvolution.make(canonical, rank: rank, kind: kind, bound, defaultFormat: dataFormat)
    case let .resampling(rank, family):
      layer = try KerasResampling.make(canonical, rank: rank, family: family, bound, defaultFormat: dataFormat)
    case let .pooling(rank, reduction, global):
      layer = try KerasPooling.make(canonical, rank: rank, reduction: reduction, global: global, bound, defaultFormat: dataFormat)
    case .paddleConv3DTranspose:
      layer = try PaddleConv3DTranspose.make(bound)
    case let .torchConvolution(rank, transposed):
      layer = try TorchConvolution.make(canonical, rank: rank, transposed: transposed, bound)
    case let .torchPooling(rank, reduction):
      layer = try TorchPooling.make(canonical, rank: rank, reduction: reduction, bound)
    }
    layer.declaration = declaration(canonical, signature, bound)
    layer.configuration = signature.parameters.map { ($0.name, bound[$0.name]) }
    return layer
  }

  /// Required arguments by position, the others given by keyword, in the signature's order.
  private static func declaration(_ name: String, _ signature: LayerSignature, _ bound: BoundArguments) -> String {
    var parts: [String] = []
    for parameter in signature.parameters + signature.layerKeywords where bound.given.contains(parameter.name) {
      let value = bound[parameter.name]
      parts.append(parameter.defaultValue == nil ? "\(value)" : "\(parameter.name)=\(value)")
    }
    return "\(name)(\(parts.joined(separator: ", ")))"
  }
}
