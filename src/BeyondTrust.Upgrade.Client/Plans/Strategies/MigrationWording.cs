using System.Collections.Generic;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>The words of the hardware migration steps (seed 002 "Upgrade BeyondTrust Hardware"; 003 and 004 alike). The
/// page names, the way a certificate serves (Assign IP or Default), the setup guides and the support pointer come from
/// the profile.</summary>
internal sealed partial class PlanWording
{
    public string CheckNew(PlanAppliance n, PlanAppliance old) =>
        "Check that the new appliance " + Name(n) + " answers on /appliance, is factory-new (or already runs site " + old.SiteVersion
        + "), is not hands-off and is in no failover relationship.";

    public string SetupReminder() =>
        "Install the new appliance per the appropriate setup guide (" + _p.SetupGuides + ") before this plan is made: it must answer on /appliance.";

    public string ExportCertificate(PlanAppliance old) =>
        "On " + Name(old) + ", /appliance > Security > Certificates: export the certificate that serves the site (" + _p.CertificateServing
        + ") with the certificate, its private key and the chain, protected by your passphrase; the file is kept in the backup folder. Exporting does not remove it.";

    public string ImportCertificate(PlanAppliance n) =>
        "On " + Name(n) + ", /appliance > Security > Certificates > Security :: Certificate Installation: Import the exported file (Upload).";

    public string ServeCertificate(PlanAppliance n) =>
        "On " + Name(n) + ", /appliance > Security > Certificates: confirm the imported certificate (Issued To " + Site + ") lists no warnings, then "
        + _p.CertificateServing + " so that it serves your clients. A certificate with warnings is refused unless you allowed it; resolve them first: "
        + _p.CertificateHelp;

    public string FirstLogin(PlanAppliance n) =>
        "Log into " + Name(n) + "'s /login with the first-time credentials admin / password and set the password you gave the run; the restore then "
        + "brings the old appliance's /login users and API accounts.";

    public string Restore(PlanAppliance n, PlanAppliance old) =>
        "On " + Name(n) + ", " + _p.SoftwarePage + " > Restore Settings: upload the backup of " + old.Label + " (Upload Backup). It overwrites the failover settings "
        + "and the Inter-Appliance key; afterwards " + old.Label + "'s API account is accepted by " + n.Label + ".";

    public string NotInBackup() =>
        "What the backup did not carry to the new appliance, to move by hand if you need it: " + string.Join("; ", _p.NotInBackup) + ".";

    public string VerifyNew(PlanAppliance n, string target) =>
        "Verify " + Name(n) + ": site " + target + " (the old appliance's version), healthy, no failover role; then your verify script.";

    public string MigrationSwitch(SwitchMethod method, PlanAppliance old, PlanAppliance n) =>
        (method == SwitchMethod.Nat ? "NAT" : "DNS") + " update: your switch script points " + Site + " to the new appliance " + Name(n) + " (" + n.UniqueAddress
        + "); then wait until the site address answers from " + n.Label + " with the certificate exported from " + old.Label + ".";

    public string TestNew(PlanAppliance n) =>
        "Start testing " + _p.SessionNoun + " on the new appliance " + Name(n) + ". Once you have confirmed that it is functioning properly, retire the old "
        + "appliance: run the plan again with -RetireOldAppliance.";

    public string FactoryReset(PlanAppliance old) =>
        "On " + Name(old) + ", /appliance > Status > Basics: Reset Appliance to Factory Defaults, and wait for the reset to complete. Its settings, "
        + _p.SessionNoun + " data, certificates and backups are erased.";

    public string Shutdown(PlanAppliance old) =>
        "On " + Name(old) + ", /appliance > Status > Basics: Shut Down This Appliance; then wait until it stops answering.";

    public string ReturnReminder() =>
        "A virtual appliance: delete it. A physical appliance: package it for shipping, affix the return shipping label to the outside of the box and "
        + "contact your shipper for a pickup; without a label, contact " + _p.SupportPointer + ".";

    public IEnumerable<string> MigrationNotes() => new[]
    {
        "Window 1 moves the site to the new appliance; window 2 (factory reset and shutdown of the old one) runs only when asked with -RetireOldAppliance, "
        + "after you have confirmed that the new appliance is functioning properly.",
        NotInBackup(),
    };
}
