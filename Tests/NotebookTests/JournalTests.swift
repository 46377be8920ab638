import Arrays
import Foundation
import TestSupport
import Testing

@testable import Notebook

@Suite("The journal: no statement is lost")
struct JournalTests {
  static func text(_ session: Session) throws -> String {
    try String(contentsOfFile: try #require(session.journal?.path), encoding: .utf8)
  }

  @Test func successfulStatementsAreOnDiskAndReplayable() throws {
    let directory = try makeTemporaryDirectory("convlab-session")
    let session = Session(seed: 11)
    session.startJournal(in: directory)
    session.submit("x = rand(3)")
    session.submit("y = undefined_name")
    session.submit("z = x * 2  # doubled")
    let path = try #require(session.journal?.path)
    #expect(try Self.text(session) == "# convlab journal · seed 11\nx = rand(3)\nz = x * 2  # doubled\n")
    #expect(Journal.recoverable(in: directory).isEmpty, "a live session's journal is not offered")
    // The process dies: its lock goes with it, and the journal is offered and restores.
    session.journal?.keep()
    #expect(Journal.recoverable(in: directory).map(\.statements) == [2])
    let restored = Session()
    restored.startJournal(in: directory)
    #expect(!restored.openAndReplay(path).failed)
    if case .array(let original)? = session.state.variables["z"], case .array(let replayed)? = restored.state.variables["z"] {
      #expect(original.isIdentical(to: replayed), "the journal's seed came back with it")
    } else {
      Issue.record("z should replay")
    }
    #expect(!FileManager.default.fileExists(atPath: path), "restored into the new journal, the old one goes")
    #expect(try Self.text(restored).hasSuffix("\nx = rand(3)\nz = x * 2  # doubled\n"))
  }

  /// :undo, :reset and edits reach the journal: a restore gives back the session as it was.
  @Test func undoAndResetKeepTheJournalTrue() throws {
    let directory = try makeTemporaryDirectory("convlab-session")
    let session = Session(seed: 2)
    session.startJournal(in: directory)
    session.submit("a = 1")
    session.submit("b = 2")
    session.undo()
    #expect(try Self.text(session) == "# convlab journal · seed 2\na = 1\n")
    session.reset()
    session.submit("c = 3")
    #expect(try Self.text(session) == "# convlab journal · seed 2\nc = 3\n")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory)
    #expect(files.count == 1, "a rewritten journal replaces the old one: \(files)")
  }

  @Test func anEndWithNothingUnsavedRemovesTheJournalAndOneWithUnsavedWorkKeepsIt() throws {
    let directory = try makeTemporaryDirectory("convlab-session")
    let saved = Session(seed: 0)
    saved.startJournal(in: directory)
    saved.submit("a = 1")
    let savedPath = try #require(saved.journal?.path)
    try saved.save(to: directory + "/a.conv")
    saved.endJournal()
    #expect(!FileManager.default.fileExists(atPath: savedPath))
    let unsaved = Session(seed: 0)
    unsaved.startJournal(in: directory)
    unsaved.submit("b = 2")
    let unsavedPath = try #require(unsaved.journal?.path)
    unsaved.endJournal()
    #expect(Journal.recoverable(in: directory).map(\.path) == [unsavedPath])
  }

  /// Two sessions with one state directory: neither offers, lists or deletes the other's
  /// journal while it lives, even one with nothing in it yet.
  @Test func twoLiveSessionsNeverTouchEachOthersJournals() throws {
    let directory = try makeTemporaryDirectory("convlab-session")
    let first = Session(seed: 1), second = Session(seed: 2)
    first.startJournal(in: directory)
    second.startJournal(in: directory)
    let empty = try #require(second.journal?.path)
    first.submit("a = 1")
    #expect(Journal.recoverable(in: directory).isEmpty)
    #expect(FileManager.default.fileExists(atPath: empty), "an empty live journal is not swept away")
    first.endJournal()  // unsaved: kept, now unlocked
    let kept = Journal.recoverable(in: directory)
    #expect(kept.count == 1 && kept[0].header?.seed == 1)
    second.submit("b = 2")
    #expect(try String(contentsOfFile: try #require(second.journal?.path), encoding: .utf8).hasSuffix("b = 2\n"))
    #expect(Journal.Claim(try #require(second.journal?.path)) == nil, "a live journal cannot be claimed")
  }

  /// A journal deleted behind the session's back is written again, whole, at the next statement.
  @Test func aDeletedJournalIsWrittenAgain() throws {
    let directory = try makeTemporaryDirectory("convlab-session")
    let session = Session(seed: 4)
    session.startJournal(in: directory)
    session.submit("a = 1")
    try FileManager.default.removeItem(atPath: try #require(session.journal?.path))
    session.submit("b = 2")
    #expect(try Self.text(session) == "# convlab journal · seed 4\na = 1\nb = 2\n")
  }

  @Test func theJournalNamesTheSessionsFile() throws {
    let directory = try makeTemporaryDirectory("convlab-session")
    let file = directory + "/lesson.conv"
    try "# a lesson\nx = 1\n".write(toFile: file, atomically: true, encoding: .utf8)
    let session = Session(seed: 0)
    session.startJournal(in: directory + "/journal")
    _ = session.openAndReplay(file)
    session.submit("y = 2")
    #expect(try Self.text(session) == "# convlab journal · seed 0 · file \(file)\n# a lesson\nx = 1\ny = 2\n")
    session.endJournal()
    // Restored, the session saves back to its file, comments and all.
    let restored = Session()
    restored.startJournal(in: directory + "/journal")
    let found = try #require(Journal.recoverable(in: directory + "/journal").first)
    #expect(!restored.openAndReplay(found.path).failed)
    #expect(restored.path == file && restored.isModified)
    #expect(restored.command(":save").text == "saved 2 statements to \(file)")
    let saved = try String(contentsOfFile: file, encoding: .utf8)
    #expect(saved == "# a lesson\nx = 1\n#: x = 1\ny = 2\n#: y = 2\n", "\(saved)")
  }
}
