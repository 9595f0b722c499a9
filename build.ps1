#!/usr/bin/env pwsh
# Thin wrapper over the same dotnet commands the README and .ci/run use. Keep logic out of here:
# every target must stay runnable by hand with the command it wraps.
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'run', 'bench', 'clean', 'publish')]
    [string] $Target = 'build',

    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $Rest = @()
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

switch ($Target) {
    'build'   { dotnet build @Rest }
    'test'    { dotnet test @Rest }
    'run'     { dotnet run --project local-stack -- --traffic @Rest }
    'bench'   { bash bench/run.sh @Rest }
    'clean'   { dotnet clean; Remove-Item -Recurse -Force artifacts -ErrorAction SilentlyContinue }
    'publish' { dotnet publish gateway -c Release -o artifacts/publish/gateway @Rest }
}
exit $LASTEXITCODE
