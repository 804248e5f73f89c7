import Dispatch

/// Chooses the indexes to add for a whole workload: plans every statement, builds candidates
/// from what the plans read whole or sort, and picks greedily by benefit (cost saved × calls),
/// re-planning the workload with each chosen index present before the next choice. The engine
/// is the judge: a candidate counts for a statement only when its plan uses it and the cost
/// falls by `minGainPercent` (SQLite: a full scan or temp B-tree goes away).
public struct Advisor {
    /// Statements planned per run at most (a bigger workload is cut to its most called ones).
    public static let maximumStatements = 1000

    public var minGainPercent: Double
    public var maximumSuggestions: Int

    public init(minGainPercent: Double = 50, maximumSuggestions: Int = 25) {
        self.minGainPercent = minGainPercent
        self.maximumSuggestions = maximumSuggestions
    }

    /// `foreignKeys`: the catalog's; a key whose lookup reads its whole table and that a
    /// suggestion serves (its lookup, planned with the suggestions present, uses it) is named there.
    public func advise(_ workload: [WorkloadStatement], planner: WhatIfPlanner, existing: [IndexInfo],
                       foreignKeys: [ForeignKey] = []) throws -> Advice {
        let started = DispatchTime.now().uptimeNanoseconds
        var advice = try choose(workload, planner: planner, existing: existing, foreignKeys: foreignKeys)
        advice.elapsedMs = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        return advice
    }

    private func choose(_ workload: [WorkloadStatement], planner: WhatIfPlanner, existing: [IndexInfo],
                        foreignKeys: [ForeignKey]) throws -> Advice {
        defer { planner.finish() }
        var outcomes: [StatementOutcome] = []
        var usagesByStatement: [[ColumnUsage]] = []
        for statement in workload {
            do {
                let plan = try planner.plan(statement, with: [])
                outcomes.append(StatementOutcome(statement: statement, plan: plan, error: nil))
                usagesByStatement.append(try planner.usages(of: statement))
            } catch let error as IdxScopeError where error.kind == .statement {
                outcomes.append(StatementOutcome(statement: statement, plan: nil, error: error.message))
                usagesByStatement.append([])
            }
        }
        if let reason = planner.unavailableReason {
            return Advice(statements: outcomes, notes: planner.notes + [reason], plannerCalls: planner.plannerCalls)
        }
        var taken = Set(existing.map { "\($0.schema.lowercased()).\($0.name.lowercased())" })
        let candidates = CandidateBuilder.candidates(for: usagesByStatement.flatMap { $0 }, existing: existing).map { candidate in
            var named = candidate
            named.name = Self.freeName(candidate, taken: &taken)
            return named
        }
        // Which statements a candidate can serve: those that read its table.
        let relevant: [[Int]] = candidates.map { candidate in
            usagesByStatement.indices.filter { position in
                usagesByStatement[position].contains { $0.schema.lowercased() == candidate.schema.lowercased()
                    && $0.table.lowercased() == candidate.table.lowercased() }
            }
        }

        var current = outcomes.map(\.plan)
        var chosen: [Choice] = []
        var upperBound = [Double](repeating: .infinity, count: candidates.count)
        var open = Set(candidates.indices)
        while chosen.count < maximumSuggestions {
            // Never a duplicate or a left prefix of an index already chosen.
            open = open.filter { position in !chosen.contains { candidates[position].isCovered(by: $0.candidate) } }
            // Lazy greedy: a benefit mostly shrinks as indexes are chosen, so last round's figure
            // is taken as this round's bound; candidates whose bound cannot beat the best are not
            // re-planned (an approximation where two indexes help only together).
            var best: Choice?
            for position in open.sorted(by: { (upperBound[$0], $1) > (upperBound[$1], $0) }) {
                if let best, upperBound[position] < best.benefit { break }
                let choice = try evaluate(candidates[position], chosen: chosen.map(\.candidate), statements: relevant[position],
                                          workload: workload, current: current, planner: planner)
                upperBound[position] = choice.benefit
                if choice.benefit > 0, best.map({ choice.isBetter(than: $0) }) ?? true { best = choice }
            }
            guard let best, let picked = candidates.firstIndex(of: best.candidate) else { break }
            chosen.append(best)
            open.remove(picked)
            // Re-plan the statements on its table with every choice present: the next round
            // compares against the plans they would have now.
            for served in best.served { current[served.position] = served.after }
            let servedPositions = Set(best.served.map(\.position))
            for position in relevant[picked] where !servedPositions.contains(position) && current[position] != nil {
                current[position] = (try? planner.plan(workload[position], with: chosen.map(\.candidate))) ?? current[position]
            }
        }

        var suggestions: [Suggestion] = []
        for choice in chosen {
            let estimated = try planner.estimatedBytes(of: choice.candidate)
            suggestions.append(choice.suggestion(engine: planner.engine, workload: workload, bytes: estimated))
        }
        try servedForeignKeys(foreignKeys, suggestions: &suggestions, planner: planner)
        return Advice(suggestions: suggestions, statements: outcomes, notes: planner.notes,
                      plannerCalls: planner.plannerCalls, candidatesConsidered: candidates.count)
    }

    /// The candidate's readable name, or with `_2`, `_3`… when an index of the schema (or an
    /// earlier candidate) has it already.
    static func freeName(_ candidate: IndexCandidate, taken: inout Set<String>) -> String {
        let base = candidate.suggestedName
        var name = base
        var number = 1
        while taken.contains("\(candidate.schema.lowercased()).\(name.lowercased())") {
            number += 1
            let suffix = "_\(number)"
            var stem = base
            while stem.utf8.count + suffix.utf8.count > 63 { stem.removeLast() }
            name = stem + suffix
        }
        taken.insert("\(candidate.schema.lowercased()).\(name.lowercased())")
        return name
    }

    /// Plans each unserved foreign key's lookup with every suggestion present; a suggestion the
    /// plan uses serves that key too.
    private func servedForeignKeys(_ keys: [ForeignKey], suggestions: inout [Suggestion], planner: WhatIfPlanner) throws {
        let hypothetical = suggestions.map(\.candidate)
        for key in keys where key.lookup.map({ !$0.isServed }) ?? false {
            guard hypothetical.contains(where: { $0.schema.lowercased() == key.schema.lowercased()
                && $0.table.lowercased() == key.table.lowercased() }) else { continue }
            let plan: WhatIfPlan
            do {
                plan = try planner.plan(planner.foreignKeyLookup(key), with: hypothetical)
            } catch let error as IdxScopeError where error.kind == .statement {
                continue
            }
            if let position = plan.candidatesUsed.min() { suggestions[position].servesForeignKeys.append(key) }
        }
    }

    /// What adding `candidate` to `chosen` does to each statement that reads its table.
    private func evaluate(_ candidate: IndexCandidate, chosen: [IndexCandidate], statements: [Int], workload: [WorkloadStatement],
                          current: [WhatIfPlan?], planner: WhatIfPlanner) throws -> Choice {
        var choice = Choice(candidate: candidate)
        let hypothetical = chosen + [candidate]
        for position in statements {
            guard let before = current[position] else { continue }
            let after: WhatIfPlan
            do {
                after = try planner.plan(workload[position], with: hypothetical)
            } catch let error as IdxScopeError where error.kind == .statement {
                continue
            }
            guard after.candidatesUsed.contains(hypothetical.count - 1), gains(before: before, after: after) else { continue }
            choice.served.append(Choice.Served(position: position, before: before, after: after))
            choice.benefit += Double(workload[position].calls) * (before.score - after.score)
        }
        return choice
    }

    /// The plan got cheaper by at least the minimum gain (SQLite: a scan or sort went away).
    func gains(before: WhatIfPlan, after: WhatIfPlan) -> Bool {
        if let costBefore = before.cost, let costAfter = after.cost {
            return costAfter < costBefore && (costBefore - costAfter) >= costBefore * minGainPercent / 100
        }
        return before.score - after.score >= WhatIfPlan.sqliteMinimumDrop
    }

    struct Choice {
        struct Served {
            var position: Int
            var before: WhatIfPlan
            var after: WhatIfPlan
        }

        var candidate: IndexCandidate
        var served: [Served] = []
        var benefit: Double = 0

        /// More benefit; on a tie, more statements served, then fewer keys (the cheaper index).
        func isBetter(than other: Choice) -> Bool {
            if benefit != other.benefit { return benefit > other.benefit }
            if served.count != other.served.count { return served.count > other.served.count }
            return candidate.keys.count < other.candidate.keys.count
        }

        func suggestion(engine: Engine, workload: [WorkloadStatement], bytes: Int64?) -> Suggestion {
            let proofs = served.map { item in
                StatementProof(query: workload[item.position].text, calls: workload[item.position].calls,
                               costBefore: item.before.cost, costAfter: item.after.cost,
                               planBefore: item.before.lines, planAfter: item.after.lines)
            }
            var gain: Double?
            let weighted = served.compactMap { item -> (Double, Double)? in
                guard let before = item.before.cost, let after = item.after.cost else { return nil }
                let calls = Double(workload[item.position].calls)
                return (before * calls, after * calls)
            }
            if weighted.count == served.count, !weighted.isEmpty {
                let before = weighted.map(\.0).reduce(0, +)
                let after = weighted.map(\.1).reduce(0, +)
                if before > 0 { gain = ((before - after) / before * 1000).rounded() / 10 }
            }
            return Suggestion(candidate: candidate, sql: candidate.createSQL(engine: engine), bytes: bytes,
                              bytesEstimated: engine == .sqlite, statements: proofs, gainPercent: gain, benefit: benefit)
        }
    }
}
