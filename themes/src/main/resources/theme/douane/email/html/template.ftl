<#--
  HTML mail layout of the douane theme: one centred table, inline styles only (mail clients drop
  <style> and external CSS), the Marianne header as text. Every value is escaped (HTML output
  format); nothing is printed unescaped.

  Size matters: a message over 8 KiB leaves Keycloak's mail client (Jakarta Mail, 8 KiB buffer) in
  two writes, and the second one waits for the SMTP server's delayed acknowledgement of the first
  (Nagle's algorithm): about 40 ms more per mail on Linux. So the layout is compressed (indentation
  and blank lines removed: HTML ignores them) and a link appears once per part: the button in the
  HTML part, the URL in the text part. ResetFlowIT checks the sizes of the mails as sent.
-->
<#macro emailLayout>
<#compress>
<!DOCTYPE html>
<html lang="${locale.language}" dir="${(ltr!true)?then('ltr','rtl')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${subject!""}</title>
</head>
<body style="margin:0;padding:0;background-color:#f6f6f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f6f6f6;">
  <tr>
    <td align="center" style="padding:24px 8px;">
      <table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #dddddd;">
        <tr>
          <td style="padding:24px 32px;border-bottom:1px solid #dddddd;font-family:Marianne,Arial,Helvetica,sans-serif;color:#161616;">
            <p lang="fr" style="margin:0;font-size:14px;line-height:17px;font-weight:700;text-transform:uppercase;letter-spacing:0.5px;">République<br>Française</p>
            <p style="margin:16px 0 0;font-size:20px;line-height:28px;font-weight:700;">${properties.douaneServiceName!""}</p>
            <p style="margin:4px 0 0;font-size:14px;line-height:20px;color:#3a3a3a;">${msg("douaneMailTagline")}</p>
          </td>
        </tr>
        <tr>
          <td style="padding:32px;font-family:Marianne,Arial,Helvetica,sans-serif;font-size:16px;line-height:24px;color:#161616;">
            <#if subject?has_content><h1 style="margin:0 0 24px;font-size:22px;line-height:30px;font-weight:700;color:#000091;">${subject}</h1></#if>
            <#nested>
          </td>
        </tr>
        <tr>
          <td style="padding:16px 32px 24px;border-top:1px solid #dddddd;font-family:Marianne,Arial,Helvetica,sans-serif;font-size:12px;line-height:18px;color:#666666;">
            <a href="${properties.douanePortalHomeUrl!""}" style="color:#000091;">${properties.douaneSiteName!""}</a>
          </td>
        </tr>
      </table>
    </td>
  </tr>
</table>
</body>
</html>
</#compress>
</#macro>

<#-- "Bonjour Prénom Nom," (or "Bonjour," when the account has no name). -->
<#macro greeting>
<#assign douaneName = [(user.firstName)!"", (user.lastName)!""]?filter(s -> s?has_content)?join(" ")>
<p style="margin:0 0 16px;">${msg("douaneMailHello")}<#if douaneName?has_content> ${douaneName}</#if>,</p>
</#macro>

<#macro paragraph><p style="margin:0 0 16px;"><#nested></p></#macro>

<#macro button href label>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;">
  <tr>
    <td style="background-color:#000091;">
      <a href="${href}" style="display:inline-block;padding:10px 20px;font-family:Marianne,Arial,Helvetica,sans-serif;font-size:16px;line-height:24px;color:#ffffff;text-decoration:none;font-weight:500;">${label}</a>
    </td>
  </tr>
</table>
</#macro>

<#-- Signature, automated-message notice and the red anti-phishing warnings. -->
<#macro closing>
<p style="margin:24px 0 0;">${msg("douaneMailSignature", properties.douaneSiteName!"")}</p>
<p style="margin:16px 0 0;font-size:14px;line-height:20px;color:#3a3a3a;font-style:italic;">${msg("douaneMailAutomatic")}</p>
<div style="margin:24px 0 0;padding:16px;border-left:4px solid #ce0500;background-color:#ffe9e9;font-size:14px;line-height:20px;color:#ce0500;">
  <p style="margin:0 0 8px;font-weight:700;">${msg("douaneMailWarningTitle")}</p>
  <p style="margin:0 0 8px;">${msg("douaneMailWarning1")}</p>
  <p style="margin:0;">${msg("douaneMailWarning2")}</p>
</div>
</#macro>

<#--
  The validity of a link, from its real lifespan in minutes: "24 heures" for 1440 (Keycloak's own
  formatter would say "1 jour"), "5 minutes" for 5. Falls back to linkExpirationFormatter.
-->
<#function validity minutes>
  <#if minutes?is_number>
    <#local douaneMinutes = minutes>
  <#elseif minutes?is_string && minutes?matches("[0-9]+")>
    <#local douaneMinutes = minutes?number>
  <#elseif linkExpirationFormatter??>
    <#return linkExpirationFormatter(minutes)>
  <#else>
    <#return minutes?string>
  </#if>
  <#if douaneMinutes gt 0 && douaneMinutes % 60 == 0>
    <#return msg("douaneMailDurationHours", douaneMinutes / 60)>
  </#if>
  <#return msg("douaneMailDurationMinutes", douaneMinutes)>
</#function>
