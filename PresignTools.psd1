@{
    RootModule           = 'bin/PresignTools.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0c1f7e-2d4a-4c61-9a57-3f1e8d2b6a90'
    Author               = 'PresignTools contributors'
    CompanyName          = 'PresignTools'
    Copyright            = '(c) PresignTools contributors. Apache-2.0.'
    Description          = 'Amazon S3 presigned URLs the way administrators want them: pipeline input from any source, credentials resolved like the AWS CLI, and typed results that tell when a link really expires.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    CompatiblePSEditions = @('Core', 'Desktop')
    TypesToProcess       = @('PresignTools.Types.ps1xml')
    FormatsToProcess     = @('PresignTools.Format.ps1xml', 'PresignTools.Upload.Format.ps1xml', 'PresignTools.Inspection.Format.ps1xml')
    CmdletsToExport      = @('Get-S3PresignedUrl', 'New-S3UploadUrl', 'ConvertFrom-S3PresignedUrl', 'Test-S3PresignedUrl')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'Amazon', 'S3', 'presigned', 'presign', 'PresignedUrl', 'URL', 'upload', 'SigV4', 'AWS.Tools', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/presigntools/PresignTools/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/presigntools/PresignTools'
            ReleaseNotes = @'
0.1.0 - first release. Get-S3PresignedUrl (download links), New-S3UploadUrl (upload links and POST
forms), ConvertFrom-S3PresignedUrl and Test-S3PresignedUrl (read and check links someone holds).
Effective expiry that includes the signing credentials' expiry, credentials and region resolved like
the AWS CLI, and coexistence with AWS.Tools.S3. Full list:
https://github.com/presigntools/PresignTools/blob/main/CHANGELOG.md
'@
        }
    }
}
