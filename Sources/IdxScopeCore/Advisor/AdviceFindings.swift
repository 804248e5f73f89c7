import Foundation

/// Turns the advisor's answer into findings: one `missing` per suggestion, `used_by` on drop
/// findings, and no `unused` for an index the workload uses.
public enum AdviceFindings {
    public static func missing(_ advice: Advice, engine: Engine) -> [Finding] {
        advice.suggestions.map { suggestion in
            let candidate = suggestion.candidate
            let served = suggestion.statements.count
            let calls = suggestion.statements.map(\.calls).reduce(0, +)
            var reason = "serves \(served) statement\(served == 1 ? "" : "s") of the workload (\(calls) call\(calls == 1 ? "" : "s"))"
            if let gain = suggestion.gainPercent { reason += ", estimated cost −\(formatPercent(gain)) %" }
            else { reason += engine == .sqlite ? ": a full scan or temp B-tree goes away" : "" }
            if suggestion.bytesEstimated, suggestion.bytes != nil { reason += "; size estimated from rows × key width" }
            if !suggestion.servesForeignKeys.isEmpty {
                reason += "; the lookups of foreign key " + suggestion.servesForeignKeys.map(\.name).joined(separator: ", ")
                    + " use it too (planned with it present)"
            }
            return Finding(kind: .missing, schema: candidate.schema, table: candidate.table, index: nil, reason: reason,
                           sql: suggestion.sql, bytes: suggestion.bytes, confidence: confidence(suggestion),
                           columns: candidate.keys.map(\.text), servesForeignKeys: suggestion.servesForeignKeys.map(\.name),
                           proof: Finding.Proof(statements: suggestion.statements, gainPercent: suggestion.gainPercent))
        }
    }

    /// The findings with each `unindexed_fk` that a suggestion serves left out: one index to add,
    /// said once (the `missing` finding names the key).
    public static func foldingServedForeignKeys(_ findings: [Finding], advice: Advice) -> [Finding] {
        let served = advice.suggestions.flatMap(\.servesForeignKeys)
        return findings.filter { finding in
            finding.kind != .unindexedFK || !served.contains { key in
                key.schema == finding.schema && key.table == finding.table && key.columns == finding.columns
            }
        }
    }

    /// High when a served statement stopped reading a table whole (SQLite) or the cost fell by
    /// nine tenths (PostgreSQL); medium otherwise.
    static func confidence(_ suggestion: Suggestion) -> Finding.Confidence {
        if let gain = suggestion.gainPercent { return gain >= 90 ? .high : .medium }
        let scanGone = suggestion.statements.contains { proof in
            count(fullScansIn: proof.planAfter) < count(fullScansIn: proof.planBefore)
        }
        return scanGone ? .high : .medium
    }

    private static func count(fullScansIn lines: [String]) -> Int {
        lines.filter { SQLiteEQPClassifier.classify($0).kind == .fullScan }.count
    }

    /// Adds `used_by` to unused/duplicate/redundant findings and drops `unused` findings about an
    /// index the workload reads. `planWithout` gives the plan a statement would get without the
    /// index, where the engine can tell (SQLite's schema copy).
    public static func annotate(_ findings: [Finding], advice: Advice, usageFromWorkload: Bool = false,
                                planWithout: (IndexID, WorkloadStatement) -> [String]? = { _, _ in nil }) -> [Finding] {
        findings.compactMap { finding in
            guard [.unused, .duplicate, .redundant].contains(finding.kind), let index = finding.indexID else { return finding }
            let users = advice.statementsUsing(index: index.name)
            if finding.kind == .unused && !users.isEmpty { return nil }
            var annotated = finding
            if finding.kind == .unused && usageFromWorkload {
                annotated.reason = "no plan of the workload (\(advice.statements.count) statements) reads it"
                annotated.confidence = .medium
            }
            annotated.usedBy = users.map { outcome in
                Finding.WorkloadUse(query: outcome.statement.text, calls: outcome.statement.calls,
                                    planWithout: planWithout(index, outcome.statement))
            }
            return annotated
        }
    }

    /// Catalog usage from the workload (SQLite keeps no counters): scans = calls of the
    /// statements whose plan reads the index.
    public static func workloadUsage(_ catalog: Catalog, advice: Advice) -> Catalog {
        var copy = catalog
        var calls: [String: Int64] = [:]
        for outcome in advice.statements {
            for name in outcome.plan?.indexesUsed ?? [] { calls[name, default: 0] += outcome.statement.calls }
        }
        copy.indexes = catalog.indexes.map { record in
            var record = record
            record.usage.scans = calls[record.info.name] ?? 0
            return record
        }
        copy.usageSource = .workload
        return copy
    }

    static func formatPercent(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

/// The proof lines under a `missing` finding, and the users under a drop finding, in text reports.
public enum AdviceText {
    public static func lines(_ finding: Finding) -> [String] {
        var out: [String] = []
        for statement in finding.proof?.statements ?? [] {
            let query = SQLScript.stripComments(statement.query).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            var head = "× \(statement.calls)  \(query)"
            if let before = statement.costBefore, let after = statement.costAfter {
                head += "  (cost \(formatCost(before)) → \(formatCost(after)))"
            }
            out.append(head)
            if statement.costBefore == nil {
                out.append("  before: " + statement.planBefore.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; "))
                out.append("  after:  " + statement.planAfter.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; "))
            }
        }
        for use in finding.usedBy ?? [] {
            let query = SQLScript.stripComments(use.query).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            out.append("used by × \(use.calls)  \(query)")
            if let without = use.planWithout {
                out.append("  without it: " + without.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; "))
            }
        }
        return out
    }

    static func formatCost(_ cost: Double) -> String { String(format: "%.2f", cost) }
}
