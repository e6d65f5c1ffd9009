@{
    RootModule           = 'PresignTools.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0c1f7e-2d4a-4c61-9a57-3f1e8d2b6a90'
    Author               = 'PresignTools contributors'
    CompanyName          = 'PresignTools'
    Copyright            = '(c) PresignTools contributors. Apache-2.0.'
    Description          = 'Amazon S3 presigned URLs the way administrators want them: pipeline input from any source, credentials resolved like the AWS CLI, and typed results that tell when a link really expires.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FormatsToProcess     = @('PresignTools.Format.ps1xml')
    CmdletsToExport      = @('Get-S3PresignedUrl')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'S3', 'presigned', 'presign', 'URL', 'SigV4', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ProjectUri   = 'https://github.com/presigntools/PresignTools'
            ReleaseNotes = 'First release: Get-S3PresignedUrl with SigV4 query signing, effective expiry, profiles and environment credentials.'
        }
    }
}
