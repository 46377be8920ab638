import Arrays
import Tensors

// I/O: .npy files, printing and print options.
extension Builtin {
  static let io: [Builtin] = [
    Builtin(["numpy.load", "load"], "load(file)", "read a .npy file: its dtype and shape as saved", example: "np.save('x.npy', np.arange(3)); np.load('x.npy')") { interpreter, a throws(ScriptError) in
      try interpreter.requireFiles(a)
      let path = interpreter.state.resolve(try a.string(0, "file"))
      let array = try a.wrap { try NPY.read(path: path) }
      interpreter.state.fileFingerprints[path] = FileFingerprint.of(path)
      return .array(array)
    },
    Builtin(["numpy.save", "save"], "save(file, arr, *, overwrite=False)", "write arr as .npy in its own dtype, atomically (convlab's save(t, path) is accepted too); a file changed on disk since this session read or wrote it needs overwrite=True", example: "np.save('w.npy', np.ones((2, 2), dtype='float32'))") { interpreter, a throws(ScriptError) in
      try interpreter.saveArray(a)
      return .none
    },
    Builtin(["numpy.set_printoptions", "set_printoptions"], "set_printoptions(precision=4, threshold=1000, edgeitems=3, linewidth=75, suppress=False, *, nanstr='nan', infstr='inf', floatmode='maxprec', sign='-', legacy=False)", "how arrays print, as np.set_printoptions", example: "np.set_printoptions(precision=3, suppress=True)") { interpreter, a throws(ScriptError) in
      try interpreter.setPrintOptions(a)
      return .none
    },    Builtin(["print"], "print(*values, sep=' ', end='\\n')", "print values as Python does", example: "print('shape:', np.zeros((2, 3)).shape)") { interpreter, a throws(ScriptError) in
      var separator = " "
      if let found = a.find(nil, "sep"), case .string(let text) = found.value { separator = text }
      var text = a.positional.map { $0.value.str(interpreter.state.printOptions) }.joined(separator: separator)
      if let found = a.find(nil, "end"), case .string(let end) = found.value, end != "\n" { text += end }
      interpreter.output.append(text)
      return .none
    },
  ]
}
