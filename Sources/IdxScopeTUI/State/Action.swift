import Foundation
import IdxScopeCore

/// Everything that can change the state: keys, time, the terminal size, finished database work.
enum Action: Sendable {
    case key(Key)
    /// Text the terminal delivered as one bracketed paste: always text, never commands.
    case paste(String)
    case mouse(MouseEvent)
    case tick(Date)
    case resize(width: Int, height: Int)
    case catalogLoaded(Catalog, at: Date)
    case catalogFailed(String)
    case spaceLoaded(SpaceReport)
    case spaceFailed(String)
    /// The SQLite space pass's pages read so far (every few thousand pages), for the status bar.
    case spaceProgress(SpaceProgress)
    case planFinished(request: Int, QueryPlan)
    case planFailed(request: Int, message: String, cancelled: Bool)
    case bloatMeasured(IndexID, IndexSpace)
    case bloatFailed(IndexID, String)
    case statementsLoaded(StatementStatsReport)
    case statementsFailed(String)
    case historySaveFailed(String)
    /// FindingRules' verdicts for the catalog of `revision` (derived beside the UI thread: 10,000
    /// indexes take ~20 ms).
    case findingKindsDerived([IndexID: Finding.Kind], revision: Int)
    /// Every finding of the catalog of `revision`, with reasons and SQL (the Findings screen).
    case findingsDerived([Finding], revision: Int, notes: [String] = [])
    /// F7's advice for the statement of `request` (missing findings with proof, the advisor's notes).
    case statementAdvised(request: Int, [Finding], notes: [String])
    case statementAdviceFailed(request: Int, String)
    /// The advisor failed or was cancelled (the findings without it stay as they were).
    case findingsFailed(String, revision: Int)
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT arrived: leave as on quit, exiting 128 + the signal.
    case interrupted(signal: Int32)
}

/// Every request for work outside the reducer. One `EffectRunner` carries them out: database
/// calls and analysis on the worker's queues, the history file, the terminal repaint and the
/// memory trim. Their results come back as actions.
enum Effect: Equatable, Sendable {
    case loadCatalog
    case loadSpace
    case explain(request: Int, sql: String, analyze: Bool)
    /// Esc or quit: interrupt the running plan or bloat measurement; `plan` is the plan request
    /// to drop if it has not started yet.
    case cancelRunningCall(plan: Int?)
    case measureBloat(IndexID)
    case loadStatements
    /// A statement planned: appended to the history file (merged with what other TUIs wrote).
    case appendHistory(String)
    /// Ctrl-L: rewrite every cell of the terminal, whatever it shows now (another program may
    /// have written over the UI).
    case repaintTerminal
    /// FindingRules' verdicts for the catalog of `revision`, derived beside the UI thread
    /// (10,000 indexes: ~20 ms) and returned as `.findingKindsDerived`.
    case deriveFindings(Catalog, revision: Int, now: Date)
    /// Every finding (FindingRules, foreign keys included) for the Findings screen, returned as
    /// `.findingsDerived`.
    case deriveFindingList(Catalog, revision: Int, now: Date)
    /// The same with `--workload`: the advisor plans the workload on the database queue (Esc
    /// cancels it), and drop findings carry the statements that use them, missing ones the proof.
    case adviseFindings(Catalog, revision: Int, now: Date)
    /// Return freed pages to the system after the next frame: a reload frees the previous
    /// catalog (built on the worker's malloc arena), and without a trim those pages stay
    /// resident (10,000 indexes: ~20 MiB more per refresh).
    case releaseMemory
    /// F7: the advisor on the one statement in the editor (database queue; Esc cancels).
    case adviseStatement(request: Int, sql: String, catalog: Catalog)
    /// `y`: put the text on the terminal's clipboard (OSC 52, as pg_activity does).
    case copyToClipboard(String)
}
