// Fuzzes idxscope's parsers of outside text with a seeded generator of mutated inputs:
//   idxscope-fuzz [--count N] [--seed S] [--target eqp|plan|sql|theme]...
// Each input is run through the parser; an error is expected, a crash or a hang is the
// failure: a signal prints the input, and an input running past the deadline prints it and
// exits 3. The same seed and count give the same inputs (scripts/fuzz.sh, scripts/test.sh).
import IdxScopeCore
import Foundation

var count = 1_000_000
var seed: UInt64 = 20261130
var chosen: [String] = []
var arguments = Array(CommandLine.arguments.dropFirst())
func usage() -> Never {
    FileHandle.standardError.write(Data("usage: idxscope-fuzz [--count N] [--seed S] [--target eqp|plan|sql|theme]...\n".utf8))
    exit(2)
}
while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    guard let value = arguments.first else { usage() }
    arguments.removeFirst()
    switch flag {
    case "--count": count = Int(value) ?? { usage() }()
    case "--seed": seed = UInt64(value) ?? { usage() }()
    case "--target": chosen.append(value)
    default: usage()
    }
}
let targets = chosen.isEmpty ? Targets.all : Targets.all.filter { target in chosen.contains { $0 == "\(target.name)" } }
guard !targets.isEmpty, count > 0 else { usage() }

/// Seconds one input may take before it counts as a hang.
let deadlineSeconds = 10.0
nonisolated(unsafe) var startedAt = Date()
nonisolated(unsafe) var running = false
let progress = NSLock()

CrashReport.install()
// The watchdog: a hang leaves `startedAt` old while `running` stays true.
Thread {
    while true {
        sleep(1)
        progress.lock()
        let stuck = running && Date().timeIntervalSince(startedAt) > deadlineSeconds
        progress.unlock()
        if stuck {
            let input = String(decoding: UnsafeBufferPointer(start: CrashReport.buffer, count: CrashReport.length), as: UTF8.self)
            FileHandle.standardError.write(Data("idxscope-fuzz: target \(CrashReport.target) ran over \(Int(deadlineSeconds)) s on: \(input.debugDescription)\n".utf8))
            exit(3)
        }
    }
}.start()

for target in targets {
    var generator = SeededGenerator(seed: seed ^ UInt64(target.name.utf8CodeUnitCount) &* 0x1000193)
    let clock = Date()
    var slowest = 0.0
    for _ in 0..<count {
        let bytes = target.mutator.input(using: &generator)
        CrashReport.current(bytes, target: target.name)
        let text = String(decoding: bytes, as: UTF8.self)
        progress.lock(); startedAt = Date(); running = true; progress.unlock()
        let begin = Date()
        target.run(text)
        slowest = max(slowest, Date().timeIntervalSince(begin))
        progress.lock(); running = false; progress.unlock()
    }
    print("\(target.name): \(count) inputs, seed \(seed), no crash, no hang; \(String(format: "%.1f", Date().timeIntervalSince(clock))) s, slowest input \(String(format: "%.1f", slowest * 1000)) ms")
}
