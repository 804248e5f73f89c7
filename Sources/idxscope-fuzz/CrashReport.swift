import Foundation

/// The input under test, kept where a signal handler can write it without allocating, so a
/// crash names the input that caused it (stderr, then the default action: the process dies).
enum CrashReport {
    static let capacity = 64 * 1024
    nonisolated(unsafe) static let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    nonisolated(unsafe) static var length = 0
    nonisolated(unsafe) static var target: StaticString = ""

    static func current(_ bytes: [UInt8], target name: StaticString) {
        let count = min(bytes.count, capacity)
        bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: count) }
        length = count
        target = name
    }

    static func install() {
        for fatalSignal in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                let heading = "\nidxscope-fuzz: crashed (signal) on this input of target "
                _ = heading.withCString { write(2, $0, strlen($0)) }
                _ = CrashReport.target.withUTF8Buffer { write(2, $0.baseAddress, $0.count) }
                _ = write(2, ":\n", 2)
                _ = write(2, CrashReport.buffer, CrashReport.length)
                _ = write(2, "\n", 1)
                signal(number, SIG_DFL)
                raise(number)
            }
            sigaction(fatalSignal, &action, nil)
        }
    }
}
