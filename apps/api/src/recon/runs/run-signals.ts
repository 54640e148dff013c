/** Why a running run was aborted: a person cancelled it, or this process is shutting down (the run is queued again). */
export class RunCancelled extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'RunCancelled';
  }
}

export class WorkerStopping extends Error {
  constructor() {
    super('the worker is shutting down');
    this.name = 'WorkerStopping';
  }
}
