<#
.SYNOPSIS
    Runs sweep plans where the example's -Backend says: on this machine (all cores, or one trial at a time) or on a
    Slurm cluster. Every route runs the same trials and gives the same rows (each trial is fixed by its plan entry).
.DESCRIPTION
    Dot-source it from an example script:
        . (Join-Path $PSScriptRoot 'Shared/Invoke-ExperimentPlan.ps1')
        $rows = New-SweepPlan -Data $task -Samples 256, 1024 -Seed 0, 1 -Learner ... | Invoke-ExperimentPlan -Backend $Backend
    Local   : Invoke-Sweep on every core (trials in parallel).
    Serial  : Invoke-Sweep one trial at a time (the same numbers as Compare-Learner).
    Slurm   : Submit-Sweep to the cluster, then Receive-Sweep -Wait collects the rows. -SlurmDirectory must be on a file
              system the nodes share; each plan gets its own sub-folder of it (-Name, or plan-1, plan-2, ... in the order
              the plans arrive in this script), and all plans piped in one call are submitted before the first wait.
    The rows of each plan come out in plan order (Invoke-Sweep emits them as trials finish), plans in the order given.
#>
function Invoke-ExperimentPlan {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [FeatureLearning.Core.Sweeps.SweepPlan]$Plan,

        [ValidateSet('Local', 'Serial', 'Slurm')]
        [string]$Backend = 'Local',

        # Slurm: a folder on a shared file system; each plan goes to a new sub-folder of it.
        [string]$SlurmDirectory,

        # Slurm: the sub-folder of this plan (default plan-<running number>).
        [string]$Name,

        # Slurm: extra Submit-Sweep parameters (partition, time limit, ...).
        [hashtable]$SlurmArguments = @{}
    )
    begin { $jobs = [System.Collections.Generic.List[object]]::new() }
    process {
        switch ($Backend) {
            'Local' { $Plan | Invoke-Sweep | Sort-Object TrialId }
            'Serial' { $Plan | Invoke-Sweep -ThrottleLimit 1 | Sort-Object TrialId }
            'Slurm' {
                if (-not $SlurmDirectory) { throw "-Backend Slurm needs -SlurmDirectory: a folder on a file system the compute nodes share." }
                $script:experimentPlanCount = 1 + [int](Get-Variable -Scope Script -Name experimentPlanCount -ValueOnly -ErrorAction Ignore)
                $folder = Join-Path $SlurmDirectory $(if ($Name) { $Name } else { "plan-$script:experimentPlanCount" })
                $jobs.Add(($Plan | Submit-Sweep -Backend Slurm -Directory $folder @SlurmArguments))
            }
        }
    }
    end { foreach ($job in $jobs) { $job | Receive-Sweep -Wait | Sort-Object TrialId } }
}
