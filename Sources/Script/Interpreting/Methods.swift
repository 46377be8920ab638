/// Method and attribute names per kind of value: for attribute lookup, "did you mean", and
/// completion.
enum Methods {
  static func names(for value: Value) -> [String] {
    switch value {
    case .array:
      return ["reshape", "transpose", "sum", "prod", "mean", "std", "var", "max", "min", "argmax", "argmin", "any", "all",
              "cumsum", "cumprod", "squeeze", "flatten", "ravel", "copy", "astype", "item", "tolist", "clip", "round",
              "argsort", "nonzero", "repeat", "swapaxes", "dot", "numpy", "detach", "cpu", "view"]
    case .layer:
      return ["get_weights", "set_weights", "count_params", "compute_output_shape", "build", "summary", "get_config"]
    case .model:
      return ["add", "pop", "summary", "count_params", "predict", "get_weights"]
    case .string: return Interpreter.stringMethods
    case .dict: return ["keys", "values", "items", "get", "pop", "update", "copy", "clear", "setdefault"]
    case .list: return ["append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear", "index", "count", "copy"]
    default: return []
    }
  }

  static func attributes(for value: Value) -> [String] {
    switch value {
    case .array: return ["shape", "ndim", "size", "dtype", "itemsize", "nbytes", "strides", "T"]
    case .dtype: return ["name", "itemsize", "kind", "str"]
    case .symbolic: return ["shape", "ndim", "dtype"]
    case .layer:
      return ["name", "built", "weights", "kernel", "bias", "input_shape", "filters", "kernel_size", "strides", "padding", "dilation_rate",
              "groups", "depth_multiplier", "data_format", "use_bias", "activation", "output_padding"]
    case .model: return ["name", "layers", "output_shape", "input_shape"]
    default: return []
    }
  }
}
