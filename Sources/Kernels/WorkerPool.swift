import CPUFeatures
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The kernels' own worker threads, which spin for a while after each job before they sleep
/// (as ONNX Runtime's and OpenMP's pools do). A convolution runs as several parallel steps
/// back to back, and timing loops call it again within microseconds; a worker parked in the
/// kernel between them has to be woken each time, and on a VM whose idle vCPU the host has
/// taken back, that costs far more than a millisecond-sized step.
///
/// A job has up to one participant per thread (the caller's included). Participants are
/// claimed, not assigned: the caller takes every one a worker has not started, as dispatch_apply
/// does, so a worker that is asleep or descheduled delays nobody.
///
/// One job at a time: a caller that finds the pool busy (another thread's job, or a job that
/// starts one inside itself) gets `false` and runs its job another way.
final class WorkerPool: @unchecked Sendable {
  // `job` is written only while `busy` is held, before `generation` publishes it, and read only
  // by a thread that has claimed a participant of it; the mutex and condition live at fixed
  // addresses for pthread's sake.
  typealias Job = @Sendable (_ participant: Int) -> Void

  static let shared = WorkerPool(threads: Parallel.workerCount - 1)

  /// How long a worker spins for the next job before it sleeps.
  static let spin = Duration.milliseconds(2)

  let threads: Int
  private var job: Job?
  private let busy = Atomic<Bool>(false)
  private let generation = Atomic<Int>(0)
  private let claimed = Atomic<Int>(0)
  private let finished = Atomic<Int>(0)
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  var participants: Int { threads + 1 }

  private init(threads: Int) {
    self.threads = max(0, threads)
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(wake, nil)
    for _ in 0..<self.threads { start() }
  }

  /// Runs `job(0)` … `job(count − 1)`, each once, on the calling thread and the workers, and
  /// returns when all have finished; `false` (having run nothing) when the pool is busy or
  /// `count` is more than its threads and the caller.
  func run(_ count: Int, _ job: Job) -> Bool {
    guard count <= participants, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    else { return false }
    withoutActuallyEscaping(job) { job in
      // Every thread is a participant; those past `count` have nothing to do.
      self.job = { participant in if participant < count { job(participant) } }
      finished.store(0, ordering: .relaxed)
      claimed.store(0, ordering: .releasing)
      generation.add(1, ordering: .releasing)
      pthread_mutex_lock(mutex)
      pthread_cond_broadcast(wake)
      pthread_mutex_unlock(mutex)
      claimAndRun()
      // Only participants a worker has started are left; give it the core if it shares ours.
      var spins = 0
      while finished.load(ordering: .acquiring) < participants {
        spins &+= 1
        if spins > 4096 { sched_yield() } else { relax() }
      }
      self.job = nil
    }
    busy.store(false, ordering: .releasing)
    return true
  }

  /// Runs participants of the current job until none is left unclaimed.
  private func claimAndRun() {
    while true {
      let participant = claimed.add(1, ordering: .acquiringAndReleasing).oldValue
      guard participant < participants else { return }
      runJob(participant)
      finished.add(1, ordering: .releasing)
    }
  }

  /// Not inlined, so this thread's reference to the job is gone before it reports done (the
  /// caller's `withoutActuallyEscaping` checks that nothing kept it).
  @inline(never)
  private func runJob(_ participant: Int) {
    job!(participant)
  }

  private func start() {
    let context = Unmanaged.passRetained(self).toOpaque()
    var thread = pthread_t()
    let created = pthread_create(&thread, nil, { context in
      Unmanaged<WorkerPool>.fromOpaque(context!).takeRetainedValue().work()
    }, context)
    precondition(created == 0, "WorkerPool: pthread_create failed (\(created))")
    pthread_detach(thread)
  }

  private func work() -> Never {
    var seen = 0  // not the current value: a thread that starts late may still find work
    while true {
      let clock = ContinuousClock(), spinEnd = clock.now + Self.spin
      var spins = 0
      while generation.load(ordering: .acquiring) == seen {
        spins &+= 1
        if spins & 255 == 0 && clock.now > spinEnd {
          pthread_mutex_lock(mutex)
          while generation.load(ordering: .acquiring) == seen { pthread_cond_wait(wake, mutex) }
          pthread_mutex_unlock(mutex)
          break
        }
        relax()
      }
      seen = generation.load(ordering: .acquiring)
      claimAndRun()
    }
  }

  @inline(__always)
  private func relax() {
    convlab_cpu_relax()
  }
}
