import Foundation
import Script
import Testing

@testable import Notebook

/// What the notebook's views draw from: the completion menu, the overlays that replace the
/// side pane on a narrow window, the running cell, and where an error's caret goes.
@Suite("The controller behind the views")
struct NotebookViewsControllerTests {
  typealias Tests = NotebookControllerTests

  @Test func tabOpensAMenuThatTabAndArrowsMoveThrough() {
    let controller = Tests.controller()
    Tests.type(controller, "y = Con", enter: false)
    controller.handle(.tab)
    let menu = controller.completionMenu
    #expect(menu?.candidates.filter { $0.hasPrefix("Conv") }.count ?? 0 >= 4, "\(menu?.candidates ?? [])")
    #expect(menu?.selected == nil && controller.editor.text == "y = Conv", "the shared prefix is filled in first")
    controller.handle(.tab)
    #expect(controller.completionMenu?.selected == 0 && controller.editor.text == "y = Conv1D")
    #expect(controller.completionMenu?.detail?.hasPrefix("Conv1D(filters, kernel_size") == true)
    controller.handle(.down)
    #expect(controller.editor.text == "y = Conv1DTranspose")
    controller.handle(.backTab)
    controller.handle(.up)
    #expect(controller.editor.text == "y = " + (menu?.candidates.last ?? ""), "wraps round from the first")
    controller.handle(.enter)
    #expect(controller.completionMenu == nil && controller.cells.isEmpty, "Enter keeps the choice and runs nothing")
    controller.handle(.character("("))
    #expect(controller.editor.text.hasSuffix("("))
    // Any other key closes the menu and acts as usual.
    Tests.type(controller, "np.random.ra", enter: false)
    controller.handle(.tab)
    #expect(controller.completionMenu != nil)
    controller.handle(.character("n"))
    #expect(controller.completionMenu == nil && controller.editor.text == "np.random.randn", "\(controller.editor.text)")
  }

  @Test func narrowWindowsOpenHelpAndVariablesOverTheTranscript() {
    let controller = Tests.controller()
    controller.isWide = false
    Tests.type(controller, "x = zeros((2, 3))")
    Tests.type(controller, "Conv2D", enter: false)
    controller.handle(.function(1))
    #expect(controller.overlayIsOpen && controller.helpText.contains("kernel_size"))
    controller.pageHeight = 5
    controller.handle(.pageDown)
    controller.handle(.down)
    #expect(controller.overlayScroll == 6)
    controller.handle(.pageUp)
    #expect(controller.overlayScroll == 1)
    controller.handle(.escape)
    #expect(!controller.overlayIsOpen && controller.editor.text == "Conv2D", "Esc closes; the editor is as it was")
    controller.handle(.function(2))
    #expect(controller.showVariablesOverlay && controller.variables.map(\.name) == ["x"])
    controller.handle(.character("a"))
    #expect(!controller.overlayIsOpen && controller.editor.text == "Conv2Da", "typing closes it and types")
    // Wide, F2 toggles the side pane and help() opens the pane; narrow, help() is in the transcript only.
    controller.isWide = true
    let pane = controller.showVariables
    controller.handle(.function(2))
    #expect(controller.showVariables != pane && !controller.overlayIsOpen)
    controller.isWide = false
    Tests.type(controller, "help(zeros)")
    #expect(!controller.overlayIsOpen && controller.cells.last?.lines.first?.hasPrefix("zeros(shape") == true)
  }

  @Test func anErrorKnowsWhereItsCaretGoes() {
    let controller = Tests.controller()
    controller.handle(.paste("y = Conv2D(4,\n           9)(zeros((1, 5, 5, 1)))\n"))
    controller.handle(.enter)
    controller.settle()
    let cell = controller.cells.last
    // The error is the call on the first line: under `Conv2D`, not under the second line.
    #expect(cell?.errorPlacement?.line == 0 && cell?.errorPlacement?.column == 4, "\(String(describing: cell?.errorPlacement))")
    #expect(cell?.errorMessage?.hasPrefix("Conv2D: valid window 9 > input 5") == true)
    controller.handle(.paste("a = 1; b = (2 +\n  'x')\n"))
    controller.handle(.enter)
    controller.settle()
    let second = controller.cells.last
    #expect(second?.source == "b = (2 +\n  'x')" && second?.errorPlacement?.line == 0 && second?.errorPlacement?.column == 5,
      "placed in the statement's own text: \(String(describing: second?.errorPlacement))")
  }

  @Test func aPasteIsOneEditWithItsLinesThatRunsOnEnter() {
    let controller = Tests.controller()
    controller.handle(.paste(">>> pa = 20\n>>> pb = 22\n... \n>>> pc = pa + pb\n"))
    #expect(controller.editor.text == "pa = 20\npb = 22\n\npc = pa + pb" && controller.cells.isEmpty)
    controller.handle(.enter)
    controller.settle()
    #expect(controller.cells.map(\.source) == ["pa = 20", "pb = 22", "pc = pa + pb"] && controller.cells.last?.lines == ["pc = 42"])
    // One cell: the three statements share its number; the next statement is the second.
    #expect((0..<3).map { controller.number(ofCell: $0) } == [1, 1, 1])
    Tests.type(controller, "pd = 1")
    #expect(controller.number(ofCell: 3) == 2 && controller.number(ofCell: 4) == 3, "the next cell, and the one after")
  }

  @Test func theRunningStatementShowsAtOnceAndQuickOnesShowNoTime() throws {
    let controller = NotebookController(session: Session(seed: 0), historyPath: nil)
    Tests.type(controller, "timeit(zeros((128, 128)) @ zeros((128, 128)), repeat=5)", enter: true)
    #expect(controller.runningSource?.hasPrefix("timeit(") == true || controller.cells.count == 1)
    controller.settle()
    #expect(controller.runningSource == nil && controller.cells.count == 1)
    Tests.type(controller, "1 + 1")
    controller.settle()
    #expect(try #require(controller.lastSeconds) < 0.02, "measured where it ran, not when the UI looked")
  }
}
