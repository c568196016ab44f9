<#--
  HTML mail layout of the douane theme: one centred table on a grey band, inline styles only (mail clients drop
  <style> and external CSS), the Marianne header as text. Every value is escaped (HTML output
  format); nothing is printed unescaped.

  Size matters: a message over 8 KiB leaves Keycloak's mail client (Jakarta Mail, 8 KiB buffer) in
  two writes, and the second one waits for the SMTP server's delayed acknowledgement of the first
  (Nagle's algorithm): about 40 ms more per mail on Linux. The reset link (about 1 KB) is written
  three times: the button and the address under it in the HTML part, the address in the text part.
  So the layout is compressed (indentation and blank lines removed: HTML ignores them), every style
  says only what differs from what the element inherits or has by default (paragraph margins, bold
  headings), and the mail holds no link but its own (no footer link: the signature names the site).
  ResetFlowIT checks the sizes of the mails as sent.
-->
<#macro emailLayout>
<#compress>
<!DOCTYPE html>
<html lang="${locale.language}"<#if !(ltr!true)> dir="rtl"</#if>>
<head>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body style="margin:0">
<div style="padding:24px 8px;background:#f6f6f6">
<table role="presentation" align="center" width="600" cellpadding="0" cellspacing="0" style="width:100%;max-width:600px;background:#fff;border:1px solid #ddd">
  <tr>
    <td style="padding:24px 32px;border-bottom:1px solid #ddd;font-family:Marianne,Arial,sans-serif;color:#161616">
      <p lang="fr" style="margin:0;font-size:14px;font-weight:700;text-transform:uppercase">République<br>Française</p>
      <p style="margin:16px 0 0;font-size:20px;font-weight:700">${properties.douaneServiceName!""}</p>
      <p style="margin:4px 0 0;font-size:14px;color:#3a3a3a">${msg("douaneMailTagline")}</p>
    </td>
  </tr>
  <tr>
    <td style="padding:16px 32px;font-family:Marianne,Arial,sans-serif;line-height:24px;color:#161616">
      <#if subject?has_content><h1 style="font-size:22px;color:#000091">${subject}</h1></#if>
      <#nested>
    </td>
  </tr>
</table>
</div>
</body>
</html>
</#compress>
</#macro>

<#-- "Bonjour Prénom Nom," (or "Bonjour," when the account has no name). -->
<#macro greeting>
<#assign douaneName = [(user.firstName)!"", (user.lastName)!""]?filter(s -> s?has_content)?join(" ")>
<p>${msg("douaneMailHello")}<#if douaneName?has_content> ${douaneName}</#if>,</p>
</#macro>

<#macro paragraph><p><#nested></p></#macro>

<#-- A button: one link with a background (no table around it, which would cost bytes in every mail). -->
<#macro button href label>
<p><a href="${href}" style="display:inline-block;padding:10px 20px;background:#000091;color:#fff;text-decoration:none">${label}</a></p>
</#macro>

<#-- The link's address written out under its button, for a person who cannot use the button (copy and paste). -->
<#macro address href>
<p style="font-size:14px;word-break:break-all">${href}</p>
</#macro>

<#-- Signature, automated-message notice and the red anti-phishing warnings. -->
<#macro closing>
<p>${msg("douaneMailSignature", properties.douaneSiteName!"")}</p>
<p style="font-size:14px;color:#3a3a3a;font-style:italic">${msg("douaneMailAutomatic")}</p>
<div style="margin:24px 0 16px;padding:0 16px;border-left:4px solid #ce0500;background:#ffe9e9;font-size:14px;color:#ce0500">
  <p style="padding-top:16px;font-weight:700">${msg("douaneMailWarningTitle")}</p>
  <p>${msg("douaneMailWarning1")}</p>
  <p style="padding-bottom:16px">${msg("douaneMailWarning2")}</p>
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
    <#return msg((douaneMinutes lt 120)?then("douaneMailDurationHour", "douaneMailDurationHours"), (douaneMinutes / 60)?c)>
  </#if>
  <#return msg((douaneMinutes lt 2)?then("douaneMailDurationMinute", "douaneMailDurationMinutes"), douaneMinutes?c)>
</#function>
