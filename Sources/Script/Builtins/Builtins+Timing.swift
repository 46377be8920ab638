// Timing and memory: they run their expression themselves, so it is passed unevaluated.
extension Builtin {
  static let timing: [Builtin] = [
    .unevaluated(["timeit"], "timeit(expr, repeat=7)", "run expr once to warm up, then repeat times; prints median, min and max, returns the median in seconds", example: "timeit(Conv2D(8, 3)(np.random.rand(1, 16, 16, 3)), repeat=3)") { interpreter, arguments, range throws(ScriptError) in
      try interpreter.timeit(arguments, range: range)
    },
    .unevaluated(["memit"], "memit(expr)", "peak resident memory while expr runs, and how far it rose: the result's bytes plus the working memory the computation needed (Linux); returns the working bytes", example: "memit(Conv2D(8, 3, padding='same')(np.random.rand(1, 32, 32, 3)))") { interpreter, arguments, range throws(ScriptError) in
      try interpreter.memit(arguments, range: range)
    },
  ]
}
