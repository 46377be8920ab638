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
/// One job at a time: a caller that finds the pool busy (another thread's job, or a job that
/// starts one inside itself) gets `false` and runs its job another way.
final class WorkerPool: @unchecked Sendable {
  // `job` is written only while `busy` is held, before `generation` publishes it, and read by
  // workers only after they observe that generation; the mutex and condition live at fixed
  // addresses for pthread's sake.
  typealias Job = @Sendable (_ participant: Int) -> Void

  static let shared = WorkerPool(threads: Parallel.workerCount - 1)

  /// How long a worker spins for the next job before it sleeps.
  static let spinNanoseconds = 2_000_000

  let threads: Int
  private var job: Job?
  private let busy = Atomic<Bool>(false)
  private let generation = Atomic<Int>(0)
  private let running = Atomic<Int>(0)
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  private init(threads: Int) {
    self.threads = max(0, threads)
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(wake, nil)
    for index in 0..<self.threads { start(participant: index + 1) }
  }

  /// Runs `job(0)` on the calling thread and `job(1)`… `job(threads)` on the workers, and returns
  /// when all have finished; `false` (having run nothing) when the pool is busy.
  func run(_ job: Job) -> Bool {
    guard threads > 0, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
      return false
    }
    withoutActuallyEscaping(job) { job in
      self.job = job
      running.store(threads, ordering: .relaxed)
      generation.add(1, ordering: .releasing)
      pthread_mutex_lock(mutex)
      pthread_cond_broadcast(wake)
      pthread_mutex_unlock(mutex)
      job(0)
      while running.load(ordering: .acquiring) > 0 { relax() }
      self.job = nil
    }
    busy.store(false, ordering: .releasing)
    return true
  }

  private func start(participant: Int) {
    let context = Unmanaged.passRetained(Context(pool: self, participant: participant)).toOpaque()
    var thread = pthread_t()
    let created = pthread_create(&thread, nil, { context in
      let box = Unmanaged<Context>.fromOpaque(context!).takeRetainedValue()
      box.pool.work(participant: box.participant)
      return nil
    }, context)
    precondition(created == 0, "WorkerPool: pthread_create failed (\(created))")
    pthread_detach(thread)
  }

  private final class Context {
    let pool: WorkerPool
    let participant: Int
    init(pool: WorkerPool, participant: Int) {
      self.pool = pool
      self.participant = participant
    }
  }

  private func work(participant: Int) -> Never {
    var seen = 0  // not the current value: a thread that starts late still owes the first job
    while true {
      let spinStart = Self.now()
      var spins = 0
      while generation.load(ordering: .acquiring) == seen {
        spins &+= 1
        if spins & 255 == 0 && Self.now() - spinStart > Self.spinNanoseconds {
          pthread_mutex_lock(mutex)
          while generation.load(ordering: .acquiring) == seen { pthread_cond_wait(wake, mutex) }
          pthread_mutex_unlock(mutex)
          break
        }
        relax()
      }
      seen = generation.load(ordering: .acquiring)
      runJob(participant)
      running.subtract(1, ordering: .releasing)
    }
  }

  /// Not inlined, so this thread's reference to the job is gone before it reports done (the
  /// caller's `withoutActuallyEscaping` checks that nothing kept it).
  @inline(never)
  private func runJob(_ participant: Int) {
    job!(participant)
  }

  @inline(__always)
  private func relax() {
    convlab_cpu_relax()
  }

  private static func now() -> Int {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return time.tv_sec * 1_000_000_000 + time.tv_nsec
  }
}
