/** The shells `sso-sync completion` writes a script for. */
export const COMPLETION_SHELLS = ["bash", "zsh", "fish", "powershell"] as const;

/** One of COMPLETION_SHELLS. */
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** Where each shell loads the script from, for `completion --help` and the script's header. */
export const COMPLETION_INSTALL: Readonly<Record<CompletionShell, string>> = {
  bash: "sso-sync completion bash > ~/.local/share/bash-completion/completions/sso-sync",
  zsh: "sso-sync completion zsh > ~/.zfunc/_sso-sync   # with fpath+=(~/.zfunc) before compinit",
  fish: "sso-sync completion fish > ~/.config/fish/completions/sso-sync.fish",
  powershell: "sso-sync completion powershell >> $PROFILE",
};

// Every script asks `sso-sync __complete -- WORDS...` (the words after sso-sync, the one being
// completed last) and offers what it prints, one candidate per line: commands, flags, and the
// profile and session names in ~/.aws/config at that moment, with no AWS SDK and no network.
const SCRIPTS: Readonly<Record<CompletionShell, string>> = {
  bash: `_sso_sync() {
  local IFS=$'\\n'
  COMPREPLY=($(sso-sync __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _sso_sync sso-sync
`,
  zsh: `#compdef sso-sync
_sso_sync() {
  local -a candidates
  candidates=("\${(@f)$(sso-sync __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _sso_sync sso-sync
`,
  fish: `complete -c sso-sync -f -a '(sso-sync __complete -- (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`,
  powershell: `Register-ArgumentCompleter -Native -CommandName sso-sync -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
  if ($wordToComplete -eq '') { $words += '' }
  sso-sync __complete -- @words 2>$null | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`,
};

/** The completion script for `shell`, headed by how to install it. */
export function completionScript(shell: CompletionShell): string {
  return `# sso-sync completion for ${shell}; install with: ${COMPLETION_INSTALL[shell]}\n${SCRIPTS[shell]}`;
}
