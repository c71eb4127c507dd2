<#
.SYNOPSIS
    Runs a sweep plan where the example's -Backend says: on this machine (all cores, or one trial at a time) or on a
    Slurm cluster. Every route runs the same trials and gives the same rows (each trial is fixed by its plan entry).
.DESCRIPTION
    Dot-source it from an example script:
        . (Join-Path $PSScriptRoot 'Shared/Invoke-ExperimentPlan.ps1')
        $rows = New-SweepPlan -Data $task -Samples 256, 1024 -Seed 0, 1 -Learner ... | Invoke-ExperimentPlan -Backend $Backend
    Local   : Invoke-Sweep on every core (trials in parallel).
    Serial  : Invoke-Sweep one trial at a time (the same numbers as Compare-Learner, in its order).
    Slurm   : Submit-Sweep to the cluster (one job array; -SlurmDirectory must be on a file system the nodes share),
              then Receive-Sweep -Wait collects the rows.
#>
function Invoke-ExperimentPlan {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [FeatureLearning.Core.Sweeps.SweepPlan]$Plan,

        [ValidateSet('Local', 'Serial', 'Slurm')]
        [string]$Backend = 'Local',

        # Slurm: a new folder on a shared file system for the plan, the job scripts and the results.
        [string]$SlurmDirectory,

        # Slurm: extra Submit-Sweep parameters (partition, time limit, ...).
        [hashtable]$SlurmArguments = @{}
    )
    process {
        switch ($Backend) {
            'Local' { $Plan | Invoke-Sweep }
            'Serial' { $Plan | Invoke-Sweep -ThrottleLimit 1 }
            'Slurm' {
                if (-not $SlurmDirectory) { throw "-Backend Slurm needs -SlurmDirectory: a new folder on a file system the compute nodes share." }
                $job = $Plan | Submit-Sweep -Backend Slurm -Directory $SlurmDirectory @SlurmArguments
                $job | Receive-Sweep -Wait
            }
        }
    }
}
