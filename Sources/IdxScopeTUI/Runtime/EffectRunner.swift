import Foundation
import IdxScopeCore

/// The one place effects are carried out: database work and analysis go to the worker, the
/// history file is written here, the terminal is repainted and drawn here, and freed memory is
/// trimmed after the frame. Results come back as actions through `finishedActions()`.
final class EffectRunner {
    private let worker: Worker
    private let terminal: Terminal
    private let historyFile: String?
    /// The last frame's state (clock left out), to draw only when something else changed.
    private var lastDrawn: AppState?
    private var trimAfterDraw = false

    init(worker: Worker, terminal: Terminal, historyFile: String?) {
        self.worker = worker
        self.terminal = terminal
        self.historyFile = historyFile
    }

    func run(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .repaintTerminal:
                terminal.repaintEverything()
                lastDrawn = nil
            case .appendHistory(let statement):
                guard let historyFile else { continue }
                worker.appendHistory(statement, to: historyFile)
            case .releaseMemory:
                // After the draw: until then the previous frame's state still holds the old catalog.
                trimAfterDraw = true
            case .deriveFindings(let catalog, let revision, let now):
                worker.deriveFindingKinds(catalog, revision: revision, now: now)
            case .copyToClipboard(let text):
                terminal.copyToClipboard(text)
            case .deriveFindingList(let catalog, let revision, let now):
                worker.deriveFindingList(catalog, revision: revision, now: now)
            case .cancelRunningCall(let plan):
                worker.cancel(pendingPlan: plan)
            case .loadCatalog, .loadSpace, .explain, .measureBloat, .loadStatements, .adviseFindings, .adviseStatement:
                worker.submit(effect)
            }
        }
    }

    /// Draws the state unless only the clock changed since the last frame, then trims memory
    /// when a reload asked for it.
    func draw(_ state: AppState) {
        var comparable = state
        comparable.now = Date(timeIntervalSince1970: 0)
        if comparable != lastDrawn {
            terminal.draw(Renderer.render(state))
            lastDrawn = comparable
        }
        if trimAfterDraw {
            trimAfterDraw = false
            MemoryRelease.trim()
        }
    }

    /// Results of effects that finished since the last call.
    func finishedActions() -> [Action] { worker.drain() }

    /// Before exit: the history saves already asked for are written.
    func finish() { worker.finishHistory() }
}
