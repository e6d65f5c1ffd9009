<#
.SYNOPSIS
    Compiles the module's markdown help (docs/) into the files Get-Help reads.

.DESCRIPTION
    Reads every docs/<Verb-Noun>.md page (platyPS layout: SYNOPSIS, SYNTAX, DESCRIPTION, EXAMPLES,
    PARAMETERS with yaml blocks, INPUTS, OUTPUTS, NOTES, RELATED LINKS) and writes ONE MAML file,
    <OutputPath>/PresignTools.dll-Help.xml. Every docs/about_<Name>.md becomes a plain-text
    <OutputPath>/about_<Name>.help.txt.

    Uses only built-in cmdlets and .NET (platyPS is not needed) and runs on Windows PowerShell 5.1 and
    PowerShell 7.4+. XML is written with System.Xml.XmlWriter, which escapes everything. A page without
    SYNOPSIS or EXAMPLES, a syntax block naming an undocumented parameter, or a parameter without a yaml
    block stops the build with an error naming the file.

.PARAMETER DocsPath
    The folder holding the markdown pages.

.PARAMETER OutputPath
    The culture folder to write to, e.g. out/PresignTools/en-US. Created when missing.

.PARAMETER AlsoCopyTo
    More folders that receive a copy of the MAML file (e.g. the folder of the cmdlet assembly's
    culture subfolder, out/PresignTools/bin/en-US, where Get-Help looks for a binary module's help).

.PARAMETER HelpFileName
    The MAML file name; PowerShell looks for <cmdlet assembly file name>-Help.xml.

.EXAMPLE
    ./tests/tools/HelpBuilder.ps1 -DocsPath docs -OutputPath out/PresignTools/en-US -AlsoCopyTo out/PresignTools/bin/en-US
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string[]] $AlsoCopyTo = @(),
    [string] $HelpFileName = 'PresignTools.dll-Help.xml'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# This file stays ASCII-only: Windows PowerShell 5.1 reads a BOM-less script as the ANSI code page.

$script:NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$script:NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:NsMSHelp = 'http://msdn.microsoft.com/mshelp'
$script:Utf8NoBom = New-Object System.Text.UTF8Encoding($false)
$script:WrapWidth = 80

# ------------------------------------------------------------------------------------------------
# Markdown reading
# ------------------------------------------------------------------------------------------------

function Read-MarkdownLines {
    param([string] $Path)
    $text = [System.IO.File]::ReadAllText($Path, $script:Utf8NoBom)
    if ($text.Length -gt 0 -and $text[0] -eq [char]0xFEFF) { $text = $text.Substring(1) }
    $text = $text.Replace("`r`n", "`n").Replace("`r", "`n")
    return , ([string[]] $text.Split("`n"))
}

function Split-FrontMatter {
    # Returns @{ Meta = @{...}; Lines = [string[]] } with the leading '---' yaml block removed.
    param([string[]] $Lines)
    $meta = @{}
    $start = 0
    if ($Lines.Length -gt 0 -and $Lines[0].Trim() -eq '---') {
        for ($i = 1; $i -lt $Lines.Length; $i++) {
            if ($Lines[$i].Trim() -eq '---') { $start = $i + 1; break }
            $m = [regex]::Match($Lines[$i], '^\s*([^:]+?)\s*:\s*(.*?)\s*$')
            if ($m.Success) { $meta[$m.Groups[1].Value.ToLowerInvariant()] = $m.Groups[2].Value }
        }
        if ($start -eq 0) { throw 'the front matter opened with --- is never closed' }
    }
    $rest = New-Object System.Collections.Generic.List[string]
    for ($i = $start; $i -lt $Lines.Length; $i++) { $rest.Add($Lines[$i]) }
    return @{ Meta = $meta; Lines = [string[]] $rest.ToArray() }
}

function ConvertTo-Blocks {
    # Splits markdown lines into blocks: heading (Level, Text), code (Lang, Text), para (Text),
    # item (Text, Marker) for list items. Headings inside code fences are code.
    param([string[]] $Lines)
    $blocks = New-Object System.Collections.Generic.List[object]
    $para = New-Object System.Collections.Generic.List[string]
    $item = $null
    $i = 0

    $flush = {
        if ($para.Count -gt 0) {
            $blocks.Add(@{ Kind = 'para'; Text = (($para.ToArray() | ForEach-Object { $_.Trim() }) -join ' ') })
            $para.Clear()
        }
    }

    while ($i -lt $Lines.Length) {
        $line = $Lines[$i]
        $fence = [regex]::Match($line, '^(\s*)(```+|~~~+)\s*([^\s`]*)\s*$')
        if ($fence.Success) {
            & $flush; $item = $null
            $indent = $fence.Groups[1].Value.Length
            $marker = $fence.Groups[2].Value
            $lang = $fence.Groups[3].Value
            $code = New-Object System.Collections.Generic.List[string]
            $i++
            $closed = $false
            while ($i -lt $Lines.Length) {
                $l = $Lines[$i]
                if ($l.Trim().StartsWith($marker) -and $l.Trim().Trim($marker[0]).Length -eq 0) { $closed = $true; $i++; break }
                if ($indent -gt 0 -and $l.Length -ge $indent -and $l.Substring(0, $indent).Trim().Length -eq 0) { $l = $l.Substring($indent) }
                $code.Add($l)
                $i++
            }
            if (-not $closed) { throw "a code block opened with $marker is never closed" }
            $blocks.Add(@{ Kind = 'code'; Lang = $lang; Text = (($code.ToArray()) -join "`n").TrimEnd() })
            continue
        }

        $heading = [regex]::Match($line, '^(#{1,6})\s+(.*?)\s*#*\s*$')
        if ($heading.Success) {
            & $flush; $item = $null
            $blocks.Add(@{ Kind = 'heading'; Level = $heading.Groups[1].Value.Length; Text = $heading.Groups[2].Value })
            $i++
            continue
        }

        if ($line.Trim().Length -eq 0) {
            & $flush; $item = $null
            $i++
            continue
        }

        $listItem = [regex]::Match($line, '^\s{0,3}([-*+]|\d+[.)])\s+(.*)$')
        if ($listItem.Success) {
            & $flush
            $item = @{ Kind = 'item'; Marker = $listItem.Groups[1].Value; Text = $listItem.Groups[2].Value.Trim() }
            $blocks.Add($item)
            $i++
            continue
        }

        if ($null -ne $item -and $line -match '^\s+\S') {
            # continuation of a list item
            $item.Text = $item.Text + ' ' + $line.Trim()
            $i++
            continue
        }

        $item = $null
        $para.Add($line)
        $i++
    }
    & $flush
    return , $blocks.ToArray()
}

function Split-Sections {
    # Groups blocks under their level-2 headings: ordered name (upper case) -> block list.
    param([object[]] $Blocks)
    $sections = [ordered]@{}
    $title = $null
    $current = $null
    foreach ($b in $Blocks) {
        if ($b.Kind -eq 'heading' -and $b.Level -eq 1) {
            if ($null -eq $title) { $title = $b.Text }
            continue
        }
        if ($b.Kind -eq 'heading' -and $b.Level -eq 2) {
            $name = $b.Text.Trim().ToUpperInvariant()
            if ($sections.Contains($name)) { throw "the section '## $($b.Text)' appears twice" }
            $current = New-Object System.Collections.Generic.List[object]
            $sections[$name] = $current
            continue
        }
        if ($null -ne $current) { $current.Add($b) }
    }
    return @{ Title = $title; Sections = $sections }
}

function Split-Subsections {
    # Groups a section's blocks under its level-3 headings: list of @{ Title; Blocks }.
    # Blocks before the first level-3 heading go to an entry with Title $null.
    param([object[]] $Blocks)
    $result = New-Object System.Collections.Generic.List[object]
    $current = @{ Title = $null; Blocks = (New-Object System.Collections.Generic.List[object]) }
    foreach ($b in $Blocks) {
        if ($b.Kind -eq 'heading' -and $b.Level -eq 3) {
            if ($null -ne $current.Title -or $current.Blocks.Count -gt 0) { $result.Add($current) }
            $current = @{ Title = $b.Text.Trim(); Blocks = (New-Object System.Collections.Generic.List[object]) }
            continue
        }
        $current.Blocks.Add($b)
    }
    if ($null -ne $current.Title -or $current.Blocks.Count -gt 0) { $result.Add($current) }
    return , $result.ToArray()
}

function ConvertFrom-InlineMarkdown {
    # Plain text from inline markdown: `code` keeps its content verbatim, [text](url) becomes
    # "text (url)", **bold** and __bold__ lose their markers, backslash escapes are resolved.
    param([string] $Text)
    if ([string]::IsNullOrEmpty($Text)) { return '' }
    $sb = New-Object System.Text.StringBuilder
    $parts = [regex]::Split($Text, '(`+[^`]*?`+)')
    foreach ($part in $parts) {
        if ($part.Length -eq 0) { continue }
        if ($part.StartsWith('`') -and $part.EndsWith('`') -and $part.Length -ge 2) {
            $ticks = [regex]::Match($part, '^`+').Value.Length
            if ($part.Length -gt 2 * $ticks) {
                $inner = $part.Substring($ticks, $part.Length - 2 * $ticks)
                if ($ticks -gt 1) { $inner = $inner.Trim() }
                [void] $sb.Append($inner)
                continue
            }
        }
        $s = $part
        $s = [regex]::Replace($s, '!?\[([^\]]*)\]\(\s*([^)\s]*)\s*\)', {
                param($m)
                $label = $m.Groups[1].Value
                $url = $m.Groups[2].Value
                if ($url.Length -eq 0 -or $url -eq $label) { return $label }
                return "$label ($url)"
            })
        $s = [regex]::Replace($s, '\*\*(\S(?:.*?\S)?)\*\*', '$1')
        $s = [regex]::Replace($s, '(?<![\w\\])__(\S(?:.*?\S)?)__(?!\w)', '$1')
        $s = [regex]::Replace($s, '\\([\\`*_{}\[\]()#+\-.!<>|~])', '$1')
        [void] $sb.Append($s)
    }
    return $sb.ToString()
}

function Get-BlockTexts {
    # Turns blocks into help paragraphs: one string per paragraph or code block; consecutive list
    # items become one paragraph with one line per item. Returns a single string[] (possibly empty).
    param([object[]] $Blocks)
    $texts = New-Object System.Collections.Generic.List[string]
    $previous = ''
    foreach ($b in $Blocks) {
        if ($b.Kind -eq 'para') {
            $texts.Add((ConvertFrom-InlineMarkdown $b.Text))
        }
        elseif ($b.Kind -eq 'item') {
            $marker = '-'
            if ($b.Marker -match '^\d') { $marker = $b.Marker }
            $line = $marker + ' ' + (ConvertFrom-InlineMarkdown $b.Text)
            if ($previous -eq 'item' -and $texts.Count -gt 0) { $texts[$texts.Count - 1] = $texts[$texts.Count - 1] + "`n" + $line }
            else { $texts.Add($line) }
        }
        elseif ($b.Kind -eq 'code') {
            if ($b.Text.Length -gt 0) { $texts.Add($b.Text) }
        }
        elseif ($b.Kind -eq 'heading') {
            $texts.Add((ConvertFrom-InlineMarkdown $b.Text).ToUpperInvariant())
        }
        $previous = $b.Kind
    }
    return , $texts.ToArray()
}

# ------------------------------------------------------------------------------------------------
# Command pages
# ------------------------------------------------------------------------------------------------

function Read-YamlBlock {
    param([string] $Text, [string] $Where)
    $map = @{}
    foreach ($l in $Text.Split("`n")) {
        if ($l.Trim().Length -eq 0 -or $l.Trim().StartsWith('#')) { continue }
        $m = [regex]::Match($l, '^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$')
        if (-not $m.Success) { throw "${Where}: cannot read the yaml line '$l' (expected 'Name: value')" }
        $map[$m.Groups[1].Value.ToLowerInvariant()] = $m.Groups[2].Value
    }
    foreach ($key in 'type', 'parameter sets', 'required', 'position') {
        if (-not $map.ContainsKey($key)) { throw "${Where}: the yaml block has no '$key' line" }
    }
    $sets = @($map['parameter sets'].Split(',') | ForEach-Object { $_.Trim() } | Where-Object { $_.Length -gt 0 })
    $aliases = @()
    if ($map.ContainsKey('aliases')) {
        $aliases = @($map['aliases'].Split(',') | ForEach-Object { $_.Trim() } | Where-Object { $_.Length -gt 0 -and $_ -ne 'None' })
    }
    $accepted = @()
    if ($map.ContainsKey('accepted values')) {
        $accepted = @($map['accepted values'].Split(',') | ForEach-Object { $_.Trim() } | Where-Object { $_.Length -gt 0 })
    }
    $default = 'None'
    if ($map.ContainsKey('default value') -and $map['default value'].Length -gt 0) { $default = $map['default value'] }
    $pipeline = 'False'
    if ($map.ContainsKey('accept pipeline input') -and $map['accept pipeline input'].Length -gt 0) { $pipeline = $map['accept pipeline input'] }
    $globbing = 'false'
    if ($map.ContainsKey('accept wildcard characters') -and $map['accept wildcard characters'] -match '^\s*true') { $globbing = 'true' }
    $position = $map['position'].Trim()
    if ($position -match '^(named|none)$' -or $position.Length -eq 0) { $position = 'named' }
    elseif ($position -notmatch '^\d+$') { throw "${Where}: Position '$position' is neither a number nor Named" }
    $required = 'false'
    if ($map['required'] -match '^\s*true') { $required = 'true' }
    elseif ($map['required'] -notmatch '^\s*false') { throw "${Where}: Required '$($map['required'])' is neither True nor False" }

    return @{
        Type     = $map['type'].Trim()
        Sets     = $sets
        Aliases  = $aliases
        Accepted = $accepted
        Required = $required
        Position = $position
        Default  = $default
        Pipeline = $pipeline
        Globbing = $globbing
    }
}

function Read-CommandPage {
    param([string] $Path)
    $fileName = [System.IO.Path]::GetFileName($Path)
    $name = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    try {
        $front = Split-FrontMatter (Read-MarkdownLines $Path)
        $parsed = Split-Sections (ConvertTo-Blocks $front.Lines)
    }
    catch {
        throw "${fileName}: $($_.Exception.Message)"
    }
    $sections = $parsed.Sections
    if ($null -ne $parsed.Title -and $parsed.Title.Trim() -ne $name) {
        Write-Warning "${fileName}: the page title '$($parsed.Title)' differs from the file name; using '$name'."
    }

    # SYNOPSIS (required)
    if (-not $sections.Contains('SYNOPSIS')) { throw "${fileName}: the page has no '## SYNOPSIS' section; every command page needs one." }
    $synopsis = (Get-BlockTexts $sections['SYNOPSIS']) -join ' '
    if ($synopsis.Trim().Length -eq 0) { throw "${fileName}: the '## SYNOPSIS' section is empty." }

    # DESCRIPTION
    $description = @()
    if ($sections.Contains('DESCRIPTION')) { $description = Get-BlockTexts $sections['DESCRIPTION'] }

    # PARAMETERS
    $parameters = [ordered]@{}
    if ($sections.Contains('PARAMETERS')) {
        foreach ($sub in (Split-Subsections $sections['PARAMETERS'])) {
            if ($null -eq $sub.Title) { continue }
            if ($sub.Title -eq 'CommonParameters') { continue }
            if (-not $sub.Title.StartsWith('-')) { throw "${fileName}: '### $($sub.Title)' under PARAMETERS should read '### -ParameterName'." }
            $pname = $sub.Title.Substring(1).Trim()
            $where = "$fileName, parameter -$pname"
            $text = New-Object System.Collections.Generic.List[object]
            $yamls = New-Object System.Collections.Generic.List[object]
            foreach ($b in $sub.Blocks) {
                if ($b.Kind -eq 'code' -and $b.Lang -match '^ya?ml$') { $yamls.Add((Read-YamlBlock $b.Text $where)) }
                else { $text.Add($b) }
            }
            if ($yamls.Count -eq 0) { throw "${where}: no yaml block (Type, Parameter Sets, Aliases, Required, Position, ...)." }
            $desc = Get-BlockTexts $text.ToArray()
            if ($desc.Length -eq 0) { throw "${where}: the parameter has no description." }
            if ($parameters.Contains($pname)) { throw "${fileName}: the parameter -$pname is documented twice." }
            $parameters[$pname] = @{ Name = $pname; Description = $desc; Yamls = $yamls.ToArray() }
        }
    }

    # SYNTAX: one code block per parameter set, optionally under '### SetName (Default)'.
    $syntax = New-Object System.Collections.Generic.List[object]
    if ($sections.Contains('SYNTAX')) {
        $setName = $null
        foreach ($b in $sections['SYNTAX']) {
            if ($b.Kind -eq 'heading' -and $b.Level -eq 3) {
                $setName = ($b.Text -replace '\(\s*Default\s*\)', '').Trim()
                continue
            }
            if ($b.Kind -ne 'code') { continue }
            $line = ($b.Text -split "`n" | ForEach-Object { $_.Trim() }) -join ' '
            if ($line -notmatch ('^' + [regex]::Escape($name) + '(\s|$)')) {
                throw "${fileName}: a SYNTAX block does not start with '$name'."
            }
            $names = New-Object System.Collections.Generic.List[string]
            foreach ($m in [regex]::Matches($line.Substring($name.Length), '(?<![\w<])-([A-Za-z][A-Za-z0-9_]*)')) {
                $names.Add($m.Groups[1].Value)
            }
            $set = $setName
            if ($null -eq $set) { $set = '(All)' }
            $syntax.Add(@{ Set = $set; Names = $names.ToArray() })
            $setName = $null
        }
    }
    foreach ($s in $syntax) {
        foreach ($n in $s.Names) {
            if (-not $parameters.Contains($n)) {
                throw "${fileName}: the SYNTAX block for '$($s.Set)' names -$n, which has no '### -$n' entry under PARAMETERS."
            }
        }
    }
    foreach ($p in $parameters.Values) {
        $inSyntax = $false
        foreach ($s in $syntax) { if ($s.Names -contains $p.Name) { $inSyntax = $true } }
        if ($syntax.Count -gt 0 -and -not $inSyntax) {
            Write-Warning "${fileName}: -$($p.Name) is documented under PARAMETERS but appears in no SYNTAX block."
        }
    }

    # EXAMPLES (required)
    if (-not $sections.Contains('EXAMPLES')) { throw "${fileName}: the page has no '## EXAMPLES' section; every command page needs at least one example." }
    $examples = New-Object System.Collections.Generic.List[object]
    foreach ($sub in (Split-Subsections $sections['EXAMPLES'])) {
        if ($null -eq $sub.Title) { continue }
        $code = $null
        $remarks = New-Object System.Collections.Generic.List[object]
        $intro = New-Object System.Collections.Generic.List[object]
        foreach ($b in $sub.Blocks) {
            if ($null -eq $code -and $b.Kind -eq 'code') { $code = $b.Text; continue }
            if ($null -eq $code) { $intro.Add($b) } else { $remarks.Add($b) }
        }
        if ($null -eq $code) { throw "${fileName}: the example '$($sub.Title)' has no code block." }
        # Get-BlockTexts hands back one string[]; assign it (do not wrap it in @()) before joining.
        $introTexts = Get-BlockTexts $intro.ToArray()
        $remarkTexts = Get-BlockTexts $remarks.ToArray()
        $texts = [string[]] ($introTexts + $remarkTexts)
        $examples.Add(@{ Title = (ConvertFrom-InlineMarkdown $sub.Title); Code = $code; Remarks = $texts })
    }
    if ($examples.Count -eq 0) { throw "${fileName}: '## EXAMPLES' holds no '### Example N: title' entry with a code block." }

    # INPUTS / OUTPUTS: '### TypeName' followed by text
    $inputs = Read-TypeList $sections 'INPUTS'
    $outputs = Read-TypeList $sections 'OUTPUTS'

    # NOTES
    $notes = @()
    if ($sections.Contains('NOTES')) { $notes = Get-BlockTexts $sections['NOTES'] }

    # RELATED LINKS
    $links = New-Object System.Collections.Generic.List[object]
    $online = ''
    if ($front.Meta.ContainsKey('online version')) { $online = $front.Meta['online version'].Trim() }
    if ($online.Length -gt 0) { $links.Add(@{ Text = 'Online Version:'; Uri = $online }) }
    if ($sections.Contains('RELATED LINKS')) {
        foreach ($b in $sections['RELATED LINKS']) {
            if ($b.Kind -ne 'para' -and $b.Kind -ne 'item') { continue }
            $found = [regex]::Matches($b.Text, '\[([^\]]+)\]\(\s*([^)\s]*)\s*\)')
            if ($found.Count -gt 0) {
                foreach ($m in $found) { $links.Add(@{ Text = $m.Groups[1].Value; Uri = $m.Groups[2].Value }) }
            }
            else {
                $links.Add(@{ Text = (ConvertFrom-InlineMarkdown $b.Text); Uri = '' })
            }
        }
    }

    $parts = $name.Split('-', 2)
    return @{
        File        = $fileName
        Name        = $name
        Verb        = $parts[0]
        Noun        = $parts[1]
        Synopsis    = $synopsis
        Description = $description
        Syntax      = $syntax.ToArray()
        Parameters  = $parameters
        Examples    = $examples.ToArray()
        Inputs      = $inputs
        Outputs     = $outputs
        Notes       = $notes
        Links       = $links.ToArray()
    }
}

function Read-TypeList {
    param($Sections, [string] $Section)
    $list = New-Object System.Collections.Generic.List[object]
    if (-not $Sections.Contains($Section)) { return , $list.ToArray() }
    foreach ($sub in (Split-Subsections $Sections[$Section])) {
        $texts = Get-BlockTexts $sub.Blocks.ToArray()
        if ($null -eq $sub.Title) {
            if ($texts.Length -gt 0) { $list.Add(@{ Type = $texts[0]; Description = @($texts | Select-Object -Skip 1) }) }
            continue
        }
        $list.Add(@{ Type = (ConvertFrom-InlineMarkdown $sub.Title); Description = $texts })
    }
    return , $list.ToArray()
}

# ------------------------------------------------------------------------------------------------
# MAML writing
# ------------------------------------------------------------------------------------------------

function Write-Paras {
    param([System.Xml.XmlWriter] $W, [string[]] $Texts)
    $any = $false
    foreach ($t in $Texts) {
        $W.WriteElementString('maml', 'para', $script:NsMaml, $t)
        $any = $true
    }
    if (-not $any) { $W.WriteElementString('maml', 'para', $script:NsMaml, '') }
}

function Write-Description {
    param([System.Xml.XmlWriter] $W, [string[]] $Texts)
    $W.WriteStartElement('maml', 'description', $script:NsMaml)
    Write-Paras $W $Texts
    $W.WriteEndElement()
}

function Get-YamlForSet {
    param($Parameter, [string] $Set)
    foreach ($y in $Parameter.Yamls) {
        foreach ($s in $y.Sets) {
            if ($s -eq $Set -or $s -eq '(All)' -or $Set -eq '(All)') { return $y }
        }
    }
    return $null
}

function Write-Parameter {
    param([System.Xml.XmlWriter] $W, $Parameter, $Yaml, [bool] $InSyntax)
    $isSwitch = $Yaml.Type -match '^(System\.Management\.Automation\.)?SwitchParameter$'
    $aliases = 'none'
    if ($Yaml.Aliases.Length -gt 0) { $aliases = $Yaml.Aliases -join ', ' }
    $W.WriteStartElement('command', 'parameter', $script:NsCommand)
    $W.WriteAttributeString('required', $Yaml.Required)
    $W.WriteAttributeString('variableLength', 'true')
    $W.WriteAttributeString('globbing', $Yaml.Globbing)
    $W.WriteAttributeString('pipelineInput', $Yaml.Pipeline)
    $W.WriteAttributeString('position', $Yaml.Position)
    $W.WriteAttributeString('aliases', $aliases)
    $W.WriteElementString('maml', 'name', $script:NsMaml, $Parameter.Name)
    Write-Description $W $Parameter.Description
    if ($InSyntax -and $Yaml.Accepted.Length -gt 0) {
        $W.WriteStartElement('command', 'parameterValueGroup', $script:NsCommand)
        foreach ($v in $Yaml.Accepted) {
            $W.WriteStartElement('command', 'parameterValue', $script:NsCommand)
            $W.WriteAttributeString('required', 'false')
            $W.WriteAttributeString('command', 'variableLength', $script:NsCommand, 'false')
            $W.WriteString($v)
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }
    if (-not ($InSyntax -and $isSwitch)) {
        $W.WriteStartElement('command', 'parameterValue', $script:NsCommand)
        if ($isSwitch) { $W.WriteAttributeString('required', 'false') } else { $W.WriteAttributeString('required', 'true') }
        $W.WriteAttributeString('variableLength', 'false')
        $W.WriteString($Yaml.Type)
        $W.WriteEndElement()
    }
    $W.WriteStartElement('dev', 'type', $script:NsDev)
    $W.WriteElementString('maml', 'name', $script:NsMaml, $Yaml.Type)
    $W.WriteElementString('maml', 'uri', $script:NsMaml, '')
    $W.WriteEndElement()
    $W.WriteElementString('dev', 'defaultValue', $script:NsDev, $Yaml.Default)
    $W.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter] $W, [string] $Outer, [string] $Inner, [object[]] $Types)
    $W.WriteStartElement('command', $Outer, $script:NsCommand)
    foreach ($t in $Types) {
        $W.WriteStartElement('command', $Inner, $script:NsCommand)
        $W.WriteStartElement('dev', 'type', $script:NsDev)
        $W.WriteElementString('maml', 'name', $script:NsMaml, $t.Type)
        $W.WriteEndElement()
        Write-Description $W $t.Description
        $W.WriteEndElement()
    }
    $W.WriteEndElement()
}

function Write-Command {
    param([System.Xml.XmlWriter] $W, $Page)
    $W.WriteStartElement('command', 'command', $script:NsCommand)
    $W.WriteAttributeString('xmlns', 'maml', 'http://www.w3.org/2000/xmlns/', $script:NsMaml)
    $W.WriteAttributeString('xmlns', 'command', 'http://www.w3.org/2000/xmlns/', $script:NsCommand)
    $W.WriteAttributeString('xmlns', 'dev', 'http://www.w3.org/2000/xmlns/', $script:NsDev)
    $W.WriteAttributeString('xmlns', 'MSHelp', 'http://www.w3.org/2000/xmlns/', $script:NsMSHelp)

    $W.WriteStartElement('command', 'details', $script:NsCommand)
    $W.WriteElementString('command', 'name', $script:NsCommand, $Page.Name)
    $W.WriteElementString('command', 'verb', $script:NsCommand, $Page.Verb)
    $W.WriteElementString('command', 'noun', $script:NsCommand, $Page.Noun)
    Write-Description $W @($Page.Synopsis)
    $W.WriteEndElement()

    Write-Description $W $Page.Description

    $W.WriteStartElement('command', 'syntax', $script:NsCommand)
    foreach ($s in $Page.Syntax) {
        $W.WriteStartElement('command', 'syntaxItem', $script:NsCommand)
        $W.WriteElementString('maml', 'name', $script:NsMaml, $Page.Name)
        foreach ($n in $s.Names) {
            $p = $Page.Parameters[$n]
            $y = Get-YamlForSet $p $s.Set
            if ($null -eq $y) {
                throw "$($Page.File): -$n appears in the SYNTAX block for '$($s.Set)', but none of its yaml blocks lists that parameter set (or (All))."
            }
            Write-Parameter $W $p $y $true
        }
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'parameters', $script:NsCommand)
    foreach ($p in $Page.Parameters.Values) { Write-Parameter $W $p $p.Yamls[0] $false }
    $W.WriteEndElement()

    Write-TypeList $W 'inputTypes' 'inputType' $Page.Inputs
    Write-TypeList $W 'returnValues' 'returnValue' $Page.Outputs

    $W.WriteStartElement('maml', 'alertSet', $script:NsMaml)
    $W.WriteStartElement('maml', 'alert', $script:NsMaml)
    Write-Paras $W $Page.Notes
    $W.WriteEndElement()
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'examples', $script:NsCommand)
    foreach ($e in $Page.Examples) {
        $W.WriteStartElement('command', 'example', $script:NsCommand)
        $W.WriteElementString('maml', 'title', $script:NsMaml, "-------------------------- $($e.Title) --------------------------")
        $W.WriteElementString('dev', 'code', $script:NsDev, $e.Code)
        $W.WriteStartElement('dev', 'remarks', $script:NsDev)
        # The trailing empty para puts a blank line between examples in Get-Help's output.
        Write-Paras $W ([string[]] ($e.Remarks + @('')))
        $W.WriteEndElement()
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('maml', 'relatedLinks', $script:NsMaml)
    foreach ($l in $Page.Links) {
        $W.WriteStartElement('maml', 'navigationLink', $script:NsMaml)
        $W.WriteElementString('maml', 'linkText', $script:NsMaml, $l.Text)
        $W.WriteElementString('maml', 'uri', $script:NsMaml, $l.Uri)
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteEndElement()
}

function Write-MamlFile {
    param([string] $Path, [object[]] $Pages)
    $settings = New-Object System.Xml.XmlWriterSettings
    $settings.Encoding = $script:Utf8NoBom
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.NewLineChars = "`n"
    $settings.NewLineHandling = [System.Xml.NewLineHandling]::Replace
    $settings.CheckCharacters = $true
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($page in $Pages) {
            try { Write-Command $writer $page }
            catch {
                $message = $_.Exception.GetBaseException().Message
                if ($message.StartsWith($page.File)) { throw }
                throw "$($page.File): cannot be written as XML: $message"
            }
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

# ------------------------------------------------------------------------------------------------
# About topics (plain text)
# ------------------------------------------------------------------------------------------------

function Format-Wrapped {
    # Word-wraps text to the help width; the first line starts with $First, the rest with $Rest.
    param([string] $Text, [string] $First, [string] $Rest)
    $lines = New-Object System.Collections.Generic.List[string]
    $current = $First
    $empty = $true
    foreach ($word in ($Text -split '\s+')) {
        if ($word.Length -eq 0) { continue }
        if ($empty) {
            $current += $word
            $empty = $false
        }
        elseif ($current.Length + 1 + $word.Length -le $script:WrapWidth) {
            $current += ' ' + $word
        }
        else {
            $lines.Add($current)
            $current = $Rest + $word
        }
    }
    if (-not $empty) { $lines.Add($current) }
    return , $lines.ToArray()
}

function Convert-AboutPage {
    param([string] $Path)
    $fileName = [System.IO.Path]::GetFileName($Path)
    try {
        $front = Split-FrontMatter (Read-MarkdownLines $Path)
        $blocks = ConvertTo-Blocks $front.Lines
    }
    catch {
        throw "${fileName}: $($_.Exception.Message)"
    }
    $out = New-Object System.Collections.Generic.List[string]
    $sawSection = $false
    $indent = '    '
    $previous = 'heading'
    foreach ($b in $blocks) {
        if ($b.Kind -eq 'heading' -and $b.Level -eq 1) { continue }
        # A blank line between blocks, except right after a heading and between list items.
        if ($out.Count -gt 0 -and $previous -ne 'heading' -and -not ($previous -eq 'item' -and $b.Kind -eq 'item')) { $out.Add('') }
        if ($b.Kind -eq 'heading') {
            if ($out.Count -gt 0 -and $out[$out.Count - 1].Length -gt 0) { $out.Add('') }
            $text = (ConvertFrom-InlineMarkdown $b.Text).ToUpperInvariant()
            if ($b.Level -eq 2) { $out.Add($text); $sawSection = $true }
            else { $out.Add('  ' + $text) }
        }
        elseif ($b.Kind -eq 'para') {
            foreach ($l in (Format-Wrapped (ConvertFrom-InlineMarkdown $b.Text) $indent $indent)) { $out.Add($l) }
        }
        elseif ($b.Kind -eq 'item') {
            $marker = '-'
            if ($b.Marker -match '^\d') { $marker = $b.Marker }
            $first = $indent + $marker + ' '
            $rest = $indent + (' ' * ($marker.Length + 1))
            foreach ($l in (Format-Wrapped (ConvertFrom-InlineMarkdown $b.Text) $first $rest)) { $out.Add($l) }
        }
        elseif ($b.Kind -eq 'code') {
            foreach ($l in $b.Text.Split("`n")) {
                if ($l.Trim().Length -eq 0) { $out.Add('') } else { $out.Add($indent + $indent + $l) }
            }
        }
        $previous = $b.Kind
    }
    if (-not $sawSection) { throw "${fileName}: an about topic needs '## TOPIC', '## SHORT DESCRIPTION' and '## LONG DESCRIPTION' sections." }
    # Collapse runs of blank lines, trim the end.
    $final = New-Object System.Collections.Generic.List[string]
    foreach ($l in $out) {
        $l = $l.TrimEnd()
        if ($l.Length -eq 0 -and ($final.Count -eq 0 -or $final[$final.Count - 1].Length -eq 0)) { continue }
        $final.Add($l)
    }
    while ($final.Count -gt 0 -and $final[$final.Count - 1].Length -eq 0) { $final.RemoveAt($final.Count - 1) }
    foreach ($required in 'TOPIC', 'SHORT DESCRIPTION', 'LONG DESCRIPTION') {
        if (-not $final.Contains($required)) { throw "${fileName}: the about topic has no '## $required' section." }
    }
    return (($final.ToArray()) -join [Environment]::NewLine) + [Environment]::NewLine
}

# ------------------------------------------------------------------------------------------------
# Main
# ------------------------------------------------------------------------------------------------

$docs = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($DocsPath)
$output = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputPath)
if (-not (Test-Path -LiteralPath $docs -PathType Container)) { throw "HelpBuilder: the docs folder '$docs' does not exist." }
$null = New-Item -ItemType Directory -Force -Path $output

$files = @(Get-ChildItem -LiteralPath $docs -Filter '*.md' -File | Sort-Object Name)
$commandFiles = @($files | Where-Object { $_.Name -match '^[A-Za-z]+-[A-Za-z0-9]+\.md$' })
$aboutFiles = @($files | Where-Object { $_.Name -match '^about_[A-Za-z0-9_.-]+\.md$' })

$pages = New-Object System.Collections.Generic.List[object]
foreach ($f in $commandFiles) { $pages.Add((Read-CommandPage $f.FullName)) }

if ($pages.Count -gt 0) {
    $mamlPath = Join-Path $output $HelpFileName
    $partial = $mamlPath + '.partial'
    try {
        Write-MamlFile -Path $partial -Pages $pages.ToArray()
        # Read it back: a file PowerShell cannot parse must not ship.
        $check = New-Object System.Xml.XmlDocument
        $check.Load($partial)
        Move-Item -LiteralPath $partial -Destination $mamlPath -Force
    }
    finally {
        if (Test-Path -LiteralPath $partial) { Remove-Item -LiteralPath $partial -Force }
    }
    Write-Verbose "HelpBuilder: wrote $mamlPath ($($pages.Count) command(s))."
    foreach ($extra in $AlsoCopyTo) {
        if ([string]::IsNullOrWhiteSpace($extra)) { continue }
        $target = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($extra)
        $null = New-Item -ItemType Directory -Force -Path $target
        Copy-Item -LiteralPath $mamlPath -Destination (Join-Path $target $HelpFileName) -Force
        Write-Verbose "HelpBuilder: copied $HelpFileName to $target."
    }
}
else {
    Write-Warning "HelpBuilder: no <Verb-Noun>.md command page in '$docs'; no MAML written."
}

foreach ($f in $aboutFiles) {
    $text = Convert-AboutPage $f.FullName
    $target = Join-Path $output ([System.IO.Path]::GetFileNameWithoutExtension($f.Name) + '.help.txt')
    [System.IO.File]::WriteAllText($target, $text, $script:Utf8NoBom)
    Write-Verbose "HelpBuilder: wrote $target."
}
