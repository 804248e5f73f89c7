import Foundation
import IdxScopeCore

/// Everything that can change the state: keys, time, the terminal size, finished database work.
public enum Action: Sendable {
    case key(Key)
    /// Text the terminal delivered as one bracketed paste: always text, never commands.
    case paste(String)
    case tick(Date)
    case resize(width: Int, height: Int)
    case catalogLoaded(Catalog, at: Date)
    case catalogFailed(String)
    case spaceLoaded(SpaceReport)
    case spaceFailed(String)
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
}

/// Requests for work outside the reducer: database calls run on the worker thread, the history
/// file is written by the run loop. Their results come back as actions.
public enum Effect: Equatable, Sendable {
    case loadCatalog
    case loadSpace
    case explain(request: Int, sql: String, analyze: Bool)
    case cancelRunningCall
    case measureBloat(IndexID)
    case loadStatements
    case saveHistory([String])
    /// Ctrl-L: rewrite every cell of the terminal, whatever it shows now (another program may
    /// have written over the UI).
    case repaintTerminal
}
