#pragma once
// A small pool of threads, each with its own SectorCipher (OpenSSL contexts must not be shared between
// threads), over which the decrypted reader spreads large reads. The calling thread works on its own read
// too, so a read always finishes, even while every worker is busy with another caller's read.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "crypto/sector_cipher.hpp"
#include "util/error.hpp"

namespace bde {

class SectorWorkers {
public:
    using ChunkFn = std::function<Result<void>(std::size_t chunk, crypto::SectorCipher& cipher)>;
    using CipherFactory = std::function<Result<crypto::SectorCipher>()>;

    // Starts `threads` workers (at least 1); their ciphers are made on the calling thread first.
    static Result<std::unique_ptr<SectorWorkers>> start(std::size_t threads, const CipherFactory& make_cipher);
    ~SectorWorkers();  // stops the workers and joins them
    SectorWorkers(const SectorWorkers&) = delete;
    SectorWorkers& operator=(const SectorWorkers&) = delete;

    // Runs fn(0) .. fn(chunks - 1) on the workers and on the calling thread (with caller_cipher), and returns
    // once every chunk has finished: fn may write into the caller's buffers. After a failure the chunks not yet
    // started are skipped; the first error is returned.
    Result<void> run(std::size_t chunks, const ChunkFn& fn, crypto::SectorCipher& caller_cipher);

    std::size_t size() const { return threads_.size(); }

private:
    struct Job;
    SectorWorkers() = default;
    void work(crypto::SectorCipher& cipher);

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::shared_ptr<Job>> queue_;  // one entry per worker asked to help with a job
    bool stopping_ = false;
    std::vector<std::unique_ptr<crypto::SectorCipher>> ciphers_;  // ciphers_[i] belongs to threads_[i]
    std::vector<std::thread> threads_;
};

// Worker count for a reader: the machine's hardware threads (2 if unknown), at most 16.
std::size_t default_sector_worker_count();

}  // namespace bde
